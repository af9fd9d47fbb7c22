'use client';

import { Children, useEffect } from 'react';
import { MenuButton, MenuDialogItem } from '@/app/_components/menu-button';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, Checkbox, FormMessages } from '@/app/_components/ui';
import { rotateLinksAction } from '../actions';

/**
 * The ticket's "More" menu: rare actions, each a MenuItem or MenuDialogItem passed as a child (Rotate links…; merge,
 * split and the like add theirs the same way). Without any item the button is left out.
 */
export function TicketMoreMenu({ children }: { children: React.ReactNode }) {
  if (Children.toArray(children).length === 0) return null;
  return <MenuButton label="More">{children}</MenuButton>;
}

/** "Rotate links…": its confirmation in a dialog, with the choice to email everyone their new link. */
export function RotateLinksItem({ ticketId }: { ticketId: number }) {
  return (
    <MenuDialogItem label="Rotate links…" title="Rotate links">
      {({ close, done }) => <RotateLinksForm ticketId={ticketId} onCancel={close} onDone={done} />}
    </MenuDialogItem>
  );
}

function RotateLinksForm({ ticketId, onCancel, onDone }: { ticketId: number; onCancel: () => void; onDone: (message: string) => void }) {
  const { state, pending, formProps, messages } = useFormAction(rotateLinksAction);
  useEffect(() => {
    if (state.ok && state.message) onDone(state.message);
  }, [state, onDone]);
  return (
    <form {...formProps} className="space-y-3" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <p className="text-sm text-slate-700">
        Gives the customer and every participant a new personal link. All links sent before stop working at once — use it when a link
        reached someone it should not have.
      </p>
      <p className="text-sm font-medium text-red-900">Rotate this ticket’s links? Every link sent before stops working at once.</p>
      <Checkbox label="Email everyone on the ticket their new link" name="notify" defaultChecked />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" pending={pending}>
          Yes, rotate links
        </Button>
        <Button type="button" variant="secondary" data-autofocus onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

'use client';

import { Button, FormMessages } from '@/app/_components/ui';
import { useFormAction } from '@/app/_components/use-form-action';
import { addRefusedSenderAction, dismissRefusedSenderAction } from './refused-mail-actions';

/** "Add and apply" and "Dismiss" for one refused sender on the ticket page. */
export function RefusedSenderForms({ ticketId, email, count, canAdd }: { ticketId: number; email: string; count: number; canAdd: boolean }) {
  const add = useFormAction(addRefusedSenderAction);
  const dismiss = useFormAction(dismissRefusedSenderAction);
  const emails = count === 1 ? 'their email' : `their ${count} emails`;
  return (
    <div className="mt-2">
      <FormMessages {...add.messages} />
      <FormMessages {...dismiss.messages} />
      <div className="flex flex-wrap gap-2">
        {canAdd ? (
          <form
            {...add.formProps}
            onSubmit={(event) => {
              if (!window.confirm(`Add ${email} as a participant of this ticket and add ${emails} to the conversation? They will get their own link.`)) {
                event.preventDefault();
                return;
              }
              add.formProps.onSubmit(event);
            }}
          >
            <input type="hidden" name="ticketId" value={ticketId} />
            <input type="hidden" name="email" value={email} />
            <Button type="submit" pending={add.pending} aria-label={`Add ${email} and apply ${emails}`}>
              Add and apply
            </Button>
          </form>
        ) : null}
        <form {...dismiss.formProps}>
          <input type="hidden" name="ticketId" value={ticketId} />
          <input type="hidden" name="email" value={email} />
          <Button type="submit" variant="secondary" pending={dismiss.pending} aria-label={`Dismiss the refused email${count === 1 ? '' : 's'} from ${email}`}>
            Dismiss
          </Button>
        </form>
      </div>
    </div>
  );
}

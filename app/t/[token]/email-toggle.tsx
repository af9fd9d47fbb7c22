'use client';

import { startTransition, useActionState } from 'react';
import { Checkbox, ErrorAlert, SuccessNote } from '@/app/_components/ui';
import { setTicketEmailsAction } from './email-actions';

/** A switch for the link holder's notifications about this ticket; it saves as soon as it changes. */
export function EmailToggle({ token, enabled }: { token: string; enabled: boolean }) {
  const [state, dispatch, pending] = useActionState(setTicketEmailsAction, {});

  function onChange(event: React.ChangeEvent<HTMLInputElement>) {
    const formData = new FormData();
    formData.set('token', token);
    formData.set('enabled', event.currentTarget.checked ? 'on' : 'off');
    startTransition(() => dispatch(formData));
  }

  return (
    <div className="space-y-2">
      {/* The label avoids the word "email": the reply form's field is labelled Email, and must stay the only match. */}
      {/* Never disabled while saving: that would drop the keyboard focus. Messages clear until the answer arrives. */}
      <Checkbox
        label="Notify me about this ticket"
        name="enabled"
        defaultChecked={enabled}
        onChange={onChange}
        hint="We send you an email when someone replies or the ticket is closed."
      />
      <ErrorAlert message={pending ? null : state.error} />
      <SuccessNote message={!pending && state.ok ? state.message : null} />
    </div>
  );
}

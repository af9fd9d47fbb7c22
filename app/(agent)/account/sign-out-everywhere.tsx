'use client';

import { signOut } from 'next-auth/react';
import { useEffect } from 'react';
import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import type { ActionState } from '@/lib/web/actions';
import { signOutEverywhereAction } from './actions';

/**
 * A confirmed action that ends every session of the agent (this one included): after success this browser's session
 * is cleared too and the sign-in page opens. `fields` are the form's inputs, shown with the question.
 */
export function ConfirmedSignOutForm({
  action,
  fields,
  ...labels
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  fields?: (state: ActionState) => React.ReactNode;
  openLabel: string;
  question: string;
  confirmLabel: string;
}) {
  const { state, pending, formProps, messages } = useFormAction(action);
  useEffect(() => {
    if (state.ok) void signOut({ callbackUrl: '/login' });
  }, [state.ok]);
  return (
    <ConfirmedForm {...labels} formProps={formProps} pending={pending || !!state.ok} messages={messages}>
      {fields?.(state)}
    </ConfirmedForm>
  );
}

/** Ends every session of the agent after a confirmation, then clears this browser's too. */
export function SignOutEverywhereForm() {
  return (
    <ConfirmedSignOutForm
      action={signOutEverywhereAction}
      openLabel="Sign out everywhere"
      question="Sign out of Parley on every device and browser, this one included?"
      confirmLabel="Yes, sign out everywhere"
    />
  );
}

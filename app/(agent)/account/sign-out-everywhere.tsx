'use client';

import { signOut } from 'next-auth/react';
import { useEffect } from 'react';
import { ConfirmedForm } from '@/app/_components/confirmed-form';
import { useFormAction } from '@/app/_components/use-form-action';
import { signOutEverywhereAction } from './actions';

/** Ends every session of the agent after a confirmation, then clears this browser's too. */
export function SignOutEverywhereForm() {
  const { state, pending, formProps, messages } = useFormAction(signOutEverywhereAction);
  useEffect(() => {
    if (state.ok) void signOut({ callbackUrl: '/login' });
  }, [state.ok]);
  return (
    <ConfirmedForm
      openLabel="Sign out everywhere"
      question="Sign out of Parley on every device and browser, this one included?"
      confirmLabel="Yes, sign out everywhere"
      formProps={formProps}
      pending={pending || !!state.ok}
      messages={messages}
    />
  );
}

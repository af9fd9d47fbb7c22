'use client';

import { signOut } from 'next-auth/react';
import { useEffect, useState } from 'react';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, ErrorAlert } from '@/app/_components/ui';
import { signOutEverywhereAction } from './actions';

/** Ends every session of the agent after a confirmation, then clears this browser's too. */
export function SignOutEverywhereForm() {
  const [confirming, setConfirming] = useState(false);
  const { state, pending, formProps } = useFormAction(signOutEverywhereAction);
  useEffect(() => {
    if (state.ok) void signOut({ callbackUrl: '/login' });
  }, [state.ok]);
  if (!confirming) {
    return (
      <Button type="button" variant="danger" onClick={() => setConfirming(true)}>
        Sign out everywhere
      </Button>
    );
  }
  return (
    <form {...formProps} className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4">
      <ErrorAlert message={state.error} />
      <p className="text-sm text-red-900">Sign out of Parley on every device and browser, this one included?</p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending || state.ok}>
          Yes, sign out everywhere
        </Button>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

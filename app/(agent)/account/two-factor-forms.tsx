'use client';

import { signOut } from 'next-auth/react';
import { Button, FormMessages, TextField } from '@/app/_components/ui';
import { useFormAction } from '@/app/_components/use-form-action';
import { ConfirmedSignOutForm } from './sign-out-everywhere';
import {
  beginTwoFactorSetupAction,
  cancelTwoFactorSetupAction,
  confirmTwoFactorSetupAction,
  disableTwoFactorAction,
} from './actions';

export function BeginTwoFactorSetupForm() {
  const { pending, formProps, messages } = useFormAction(beginTwoFactorSetupAction);
  return (
    <form {...formProps}>
      <FormMessages {...messages} />
      <Button type="submit" pending={pending}>
        Set up two-factor sign-in
      </Button>
    </form>
  );
}

/** The code that confirms the secret being set up; once it is right, the recovery codes (shown this once). */
export function ConfirmTwoFactorSetupForm() {
  const { state, pending, formProps, messages } = useFormAction(confirmTwoFactorSetupAction);
  const cancel = useFormAction(cancelTwoFactorSetupAction);
  const codes = state.ok && typeof state.data?.recoveryCodes === 'string' ? state.data.recoveryCodes.split('\n') : null;
  if (codes) return <RecoveryCodes message={state.message ?? ''} codes={codes} />;
  return (
    <div className="space-y-3">
      <form {...formProps} className="flex flex-wrap items-end gap-2" noValidate>
        <div className="w-full">
          <FormMessages {...messages} />
        </div>
        <TextField
          label="Code from your app"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          error={state.fields?.code}
          hint="The 6 digits your authenticator app shows for Parley."
          required
        />
        <Button type="submit" pending={pending}>
          Turn on two-factor sign-in
        </Button>
      </form>
      <form {...cancel.formProps}>
        <FormMessages {...cancel.messages} />
        <Button type="submit" variant="secondary" pending={cancel.pending}>
          Cancel set-up
        </Button>
      </form>
    </div>
  );
}

function RecoveryCodes({ message, codes }: { message: string; codes: string[] }) {
  return (
    <div id="recovery-codes" tabIndex={-1} className="space-y-3 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
      <p role="status" className="font-medium">
        {message}
      </p>
      <p>
        Keep these recovery codes somewhere safe: each signs you in once when your phone is not at hand. They are shown only
        now.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 font-mono text-slate-900">
        {codes.map((code) => (
          <li key={code} className="select-all rounded border border-emerald-300 bg-white px-2 py-1">
            {code}
          </li>
        ))}
      </ul>
      <p>Every session of yours has ended. Sign in again with your password and a code from your app.</p>
      <Button type="button" onClick={() => signOut({ callbackUrl: '/login' })}>
        I have saved them: sign in again
      </Button>
    </div>
  );
}

export function DisableTwoFactorForm() {
  return (
    <ConfirmedSignOutForm
      action={disableTwoFactorAction}
      openLabel="Turn off two-factor sign-in"
      question="Turn off two-factor sign-in? Anyone with your password could then sign in as you. Confirm with your current password or a code; every session of yours ends."
      confirmLabel="Turn it off"
      fields={(state) => (
        <>
          <TextField label="Current password" name="password" type="password" autoComplete="current-password" error={state.fields?.password} />
          <TextField label="Or a code from your app or a recovery code" name="code" autoComplete="one-time-code" error={state.fields?.code} />
        </>
      )}
    />
  );
}

'use client';

import { signOut } from 'next-auth/react';
import { useEffect } from 'react';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextArea, TextField } from '@/app/_components/ui';
import { changePasswordAction, requestEmailChangeAction, saveProfileAction } from './actions';

export function ProfileForm({ name, signature }: { name: string; signature: string }) {
  const { state, pending, formProps, messages } = useFormAction(saveProfileAction);
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <TextField label="Name" name="name" defaultValue={name} error={state.fields?.name} autoComplete="name" required />
      <TextArea
        label="Signature"
        name="signature"
        defaultValue={signature}
        rows={4}
        error={state.fields?.signature}
        hint="Added below your replies in their emails; you can change it for any one reply."
      />
      <Button type="submit" pending={pending}>
        Save profile
      </Button>
    </form>
  );
}

export function EmailChangeForm({ email }: { email: string }) {
  const { state, pending, formProps, messages } = useFormAction(requestEmailChangeAction, { resetOnSuccess: true });
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <p className="text-sm text-slate-600">
        You sign in with <span className="font-medium text-slate-800">{email}</span>. A new address takes effect once you follow the link we email to it.
      </p>
      <TextField label="New email address" name="email" type="email" error={state.fields?.email} autoComplete="email" required />
      <Button type="submit" variant="secondary" pending={pending}>
        Send confirmation link
      </Button>
    </form>
  );
}

export function PasswordForm() {
  const { state, pending, formProps, messages } = useFormAction(changePasswordAction, { resetOnSuccess: true });
  useEffect(() => {
    if (state.ok) void signOut({ callbackUrl: '/login' });
  }, [state.ok]);
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <TextField label="Current password" name="currentPassword" type="password" error={state.fields?.currentPassword} autoComplete="current-password" required />
      <TextField label="New password" name="password" type="password" error={state.fields?.password} autoComplete="new-password" required />
      <Button type="submit" variant="secondary" pending={pending || !!state.ok}>
        Change password
      </Button>
      <p className="text-xs text-slate-500">Every session of yours ends, this one included: you sign in again with the new password.</p>
    </form>
  );
}

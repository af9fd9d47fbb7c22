'use client';

import { DoneThenSignIn } from '@/app/_components/done-then-sign-in';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextField } from '@/app/_components/ui';
import { acceptInvitationAction } from './actions';

export function AcceptInvitationForm({ token, name, email }: { token: string; name: string; email: string }) {
  const { state, pending, formProps, messages } = useFormAction(acceptInvitationAction);
  if (state.ok) return <DoneThenSignIn messages={messages} />;
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-600">
        You will sign in with <span className="font-medium text-slate-800">{email}</span>.
      </p>
      <TextField label="Your name" name="name" defaultValue={name} error={state.fields?.name} autoComplete="name" required />
      <TextField label="Choose a password" name="password" type="password" error={state.fields?.password} autoComplete="new-password" required />
      <Button type="submit" pending={pending}>
        Create my account
      </Button>
    </form>
  );
}

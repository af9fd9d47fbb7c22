'use client';

import { DoneThenSignIn } from '@/app/_components/done-then-sign-in';
import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages } from '@/app/_components/ui';
import { confirmEmailChangeAction } from './actions';

/** One click more than the link: mail scanners follow links, and nothing changes until a person confirms. */
export function ConfirmEmailForm({ token, email }: { token: string; email: string }) {
  const { state, pending, formProps, messages } = useFormAction(confirmEmailChangeAction);
  if (state.ok) return <DoneThenSignIn messages={messages} />;
  return (
    <form {...formProps} className="space-y-4" noValidate>
      <FormMessages {...messages} />
      <input type="hidden" name="token" value={token} />
      <Button type="submit" pending={pending}>
        Use {email} to sign in
      </Button>
    </form>
  );
}

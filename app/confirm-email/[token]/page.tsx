import type { Metadata } from 'next';
import { Main, SkipLink } from '@/app/_components/ui';
import { readEmailChange } from '@/lib/auth/profiles';
import { ConfirmEmailForm } from './confirm-form';

export const metadata: Metadata = { title: 'Confirm your new address', robots: { index: false } };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const change = readEmailChange(token);
  return (
    <>
      <SkipLink />
      <Main className="mx-auto mt-24 max-w-md space-y-4 px-4">
        <h1 className="text-2xl font-semibold">Confirm your new address</h1>
        {change ? (
          <>
            <p className="text-slate-700">
              {change.agent.name}, you asked to sign in with <span className="font-medium">{change.to}</span> instead of {change.from}.
            </p>
            <ConfirmEmailForm token={token} email={change.to} />
          </>
        ) : (
          <p role="alert" className="text-slate-700">
            This confirmation link does not work: it expired, was already used, or a newer change replaced it. Ask for a new one on
            your account page.
          </p>
        )}
      </Main>
    </>
  );
}

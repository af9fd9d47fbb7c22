'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, Card, ErrorAlert, TextField } from '@/app/_components/ui';

// The error codes lib/auth/next-auth.ts answers with (next-auth passes them on as `error`).
const messages: Record<string, string> = {
  CredentialsSignin: 'The email or password is incorrect.',
  WrongCode: 'That code is not right or was already used. Enter the code your app shows now, or a recovery code you have not used.',
  ChallengeExpired: 'The sign-in took too long. Enter your email and password again.',
};

const rateLimitMessages: Record<string, string> = {
  signInAddress: 'Too many failed sign-ins from your address.',
  signInAccount: 'Too many failed sign-ins for this account.',
  twoFactorCode: 'Too many wrong codes for this account.',
};

/** `RateLimited:<limit>:<minutes>` → a sentence saying when to try again. */
function messageFor(error: string): string {
  const [code, limit, minutes] = error.split(':');
  if (code === 'RateLimited') {
    const wait = Number(minutes) > 0 ? ` Try again in ${minutes} minute${minutes === '1' ? '' : 's'}.` : ' Wait a few minutes and try again.';
    return `${rateLimitMessages[limit] ?? 'Too many sign-in attempts.'}${wait}`;
  }
  return messages[code] ?? messages.CredentialsSignin;
}

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Set once the password was right for an agent with two-factor sign-in: the second step sends it with the code.
  const [challenge, setChallenge] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const fields = challenge
      ? { challenge, code: String(form.get('code') ?? '') }
      : { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    const result = await signIn('credentials', { ...fields, redirect: false });
    setPending(false);
    if (result && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    const answer = result?.error ?? 'CredentialsSignin';
    if (answer.startsWith('SecondFactor:')) {
      setChallenge(answer.slice('SecondFactor:'.length));
      return;
    }
    if (answer === 'ChallengeExpired') setChallenge(null);
    setError(messageFor(answer));
  }

  return (
    <Card>
      <form onSubmit={onSubmit} className="space-y-4" key={challenge ? 'code' : 'password'}>
        <ErrorAlert message={error} />
        {challenge ? (
          <>
            <p className="text-sm text-slate-700">Two-factor sign-in is on for your account.</p>
            <TextField
              // The form is re-keyed for this step, so the field mounts afresh and takes the focus.
              autoFocus
              label="Authentication code"
              name="code"
              autoComplete="one-time-code"
              hint="The 6-digit code from your authenticator app, or one of your recovery codes."
              required
            />
            <Button type="submit" className="w-full" pending={pending}>
              {pending ? 'Checking…' : 'Verify'}
            </Button>
            <Button type="button" variant="secondary" className="w-full" onClick={() => (setChallenge(null), setError(null))}>
              Start over
            </Button>
          </>
        ) : (
          <>
            <TextField label="Email" name="email" type="email" autoComplete="username" required />
            <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
            <Button type="submit" className="w-full" pending={pending}>
              {pending ? 'Signing in…' : 'Sign in'}
            </Button>
          </>
        )}
      </form>
    </Card>
  );
}

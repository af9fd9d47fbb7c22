import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getEnv } from '@/lib/core/env';
import { sameOriginPath } from '@/lib/auth/redirects';
import { getSignedInAgent } from '@/lib/auth/session';
import { Main, SkipLink } from '@/app/_components/ui';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in', description: 'Sign in to Parley, the help desk, to answer and manage support tickets.' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getSignedInAgent()) redirect('/tickets');
  const { callbackUrl } = await searchParams;
  // Only same-site paths, so the sign-in page cannot be used to bounce people elsewhere.
  const next = sameOriginPath(callbackUrl, getEnv().APP_URL) ?? '/tickets';
  return (
    <>
      <SkipLink />
      <Main className="mx-auto mt-24 max-w-sm px-4">
        <h1 className="mb-6 text-center text-2xl font-semibold">Sign in to Parley</h1>
        <LoginForm callbackUrl={next} />
      </Main>
    </>
  );
}

import type { Metadata } from 'next';
import { Main, SkipLink } from '@/app/_components/ui';
import { readInvitation } from '@/lib/auth/invitations';
import { getSettings } from '@/lib/core/settings';
import { AcceptInvitationForm } from './accept-form';

export const metadata: Metadata = { title: 'Join the team', robots: { index: false } };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = readInvitation(token);
  return (
    <>
      <SkipLink />
      <Main className="mx-auto mt-24 max-w-md space-y-4 px-4">
        <h1 className="text-2xl font-semibold">Join {getSettings().siteName}</h1>
        {invitation ? (
          <AcceptInvitationForm token={token} name={invitation.name} email={invitation.email} />
        ) : (
          <p role="alert" className="text-slate-700">
            This invitation does not work: it expired, was replaced by a newer one, revoked, or used already. Ask the administrator
            who invited you to send it again.
          </p>
        )}
      </Main>
    </>
  );
}

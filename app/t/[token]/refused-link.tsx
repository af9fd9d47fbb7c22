'use client';

import { useParams } from 'next/navigation';
import { Card } from '@/app/_components/ui';
import { readUnverifiedClaims } from '@/lib/participants/link-claims';
import { FreshLinkForm } from './portal-forms';

/**
 * What every refused link shows — tampered, garbage, replaced, removed or turned off alike — so the page tells a
 * visitor nothing about the ticket or the people on it. The fresh-link form works from the link in the address bar.
 * While participants are turned off no fresh link could let a participant in, so a participant's link (as the
 * address reads: a fact of the address and the helpdesk's settings, not of the ticket) is offered none.
 */
export function RefusedLink({ participantsEnabled }: { participantsEnabled: boolean }) {
  const { token } = useParams<{ token: string }>();
  const offerFreshLink = participantsEnabled || readUnverifiedClaims(token)?.holder.kind !== 'participant';
  return (
    <div className="space-y-6">
      <Card>
        <h1 className="text-xl font-semibold">This link cannot open the ticket</h1>
        <p className="mt-2 text-sm text-slate-700">
          This link is not valid or no longer works. It may have been copied incompletely or replaced by a newer link, or you may no
          longer be on this ticket.
        </p>
      </Card>
      {offerFreshLink ? (
        <Card>
          <h2 className="mb-1 text-lg font-semibold">Email me a fresh link</h2>
          <p className="mb-4 text-sm text-slate-600">
            Enter your email address. If you are still on this ticket, we will email you a new link to it.
          </p>
          <FreshLinkForm token={token} />
        </Card>
      ) : null}
    </div>
  );
}

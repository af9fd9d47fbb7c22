import { DateTime } from '@/app/_components/date-time';
import { Card } from '@/app/_components/ui';
import type { Agent } from '@/db/schema';
import { ccReasonTexts, listCcCandidates } from '@/lib/participants/cc-candidates';
import { CcCandidateButtons } from './cc-candidate-buttons';

/**
 * "Cc'd, not on this ticket": people the customer or a participant emailed along whom mail did not add — who Cc'd
 * them and when, with Add and Dismiss. Renders nothing when there are none. Self-contained: the page places it.
 */
export function CcCandidatesCard({ ticketId, agent }: { ticketId: number; agent: Agent }) {
  const candidates = listCcCandidates({ ticketId, agent });
  if (candidates.length === 0) return null;
  return (
    <Card aria-labelledby="cc-candidates-heading">
      <h2 id="cc-candidates-heading" className="mb-3 text-lg font-semibold">
        Cc’d, not on this ticket
      </h2>
      <ul aria-label="Cc’d, not on this ticket" className="divide-y divide-slate-100">
        {candidates.map((candidate) => (
          <li key={candidate.id} className="space-y-2 py-3 text-sm">
            <div className="min-w-0 break-words">
              <p className="font-medium">{candidate.name || candidate.email}</p>
              {candidate.name ? <p className="text-slate-600">{candidate.email}</p> : null}
              <p className="text-xs text-slate-500">
                Cc’d by {candidate.ccByName || candidate.ccByEmail} on <DateTime value={candidate.createdAt} /> · {ccReasonTexts[candidate.reason]}
              </p>
            </div>
            <CcCandidateButtons ticketId={ticketId} candidateId={candidate.id} label={candidate.email} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

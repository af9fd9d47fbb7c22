import 'server-only';
import { z } from 'zod';
import { participantViews, type Agent, type ParticipantView as View } from '@/db/schema';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { canSetParticipantView } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { writeParticipantView } from '@/lib/tickets/audience';
import { listActiveParticipants } from '@/lib/tickets/records';
import { getTicketForAgent } from '@/lib/tickets/tickets';

// The per-participant view (the contractor case): an agent marks a participant "sees only what is sent to them" —
// their own messages, side replies to them and replies to everyone since they joined — or back to the whole public
// conversation. What it means for each reply is lib/auth/policy.ts canPersonSeeReply's answer.

export const participantViewSchema = z.object({
  view: z.enum(participantViews, { message: `must be one of ${participantViews.join(', ')}` }),
});

export const participantViewLabels: Record<View, string> = {
  everything: 'Sees the whole conversation',
  addressed: 'Sees only what is sent to them',
};

/** Sets a current participant's view; audited. Setting the view they have already changes nothing. */
export function setParticipantView({ ticketId, participantId, agent, input }: { ticketId: number; participantId: number; agent: Agent; input: unknown }): View {
  const ticket = getTicketForAgent({ id: ticketId, agent, to: 'work' });
  if (!canSetParticipantView(agent, ticket, getSettings())) throw forbidden('You may not change this ticket.');
  const parsed = participantViewSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const participant = listActiveParticipants({ ticketId }).find((p) => p.id === participantId);
  if (!participant) throw notFound('Participant');
  const { view } = parsed.data;
  if (participant.view === view) return view;
  getDb().transaction((tx) => {
    const updated = writeParticipantView(tx, { ticketId, participantId, view });
    if (!updated) throw new AppError('conflict', 'The participant changed meanwhile; reload the page.');
    recordAudit(tx, { ticketId, actor: agentActor(agent), action: 'participant.view_changed', detail: { participantId, email: participant.email, from: participant.view, to: view } });
  });
  return view;
}

'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireAgentForAction } from '@/lib/auth/session';
import { findMergeCandidates, mergeTicket, splitTicket, type MergeCandidate } from '@/lib/tickets/merge';
import { agentAction, refusalAsError } from '@/lib/web/actions';

// "Merge into…" and a reply's "Split…" on the ticket page (apart from ../actions.ts, so each stays one control).
const ticketId = z.coerce.number().int().positive();
const text = z.string().default('');

/** The tickets "Merge into…" offers for what was typed (a number or words of a subject). */
export async function findMergeTargetsAction(id: number, q: string): Promise<{ candidates: MergeCandidate[] } | { error: string }> {
  return refusalAsError(async () => {
    const agent = await requireAgentForAction();
    return { candidates: findMergeCandidates({ agent, ticketId: ticketId.parse(id), q: z.string().max(200).parse(q) }) };
  });
}

export const mergeTicketAction = agentAction(
  z.object({ ticketId, into: text }),
  (data, agent) => {
    const target = mergeTicket({ ticketId: data.ticketId, agent, input: { into: data.into } });
    revalidatePath(`/tickets/${data.ticketId}`);
    revalidatePath('/tickets');
    redirect(`/tickets/${target.id}`);
  },
  { into: { label: 'Ticket to merge into', missing: 'Choose the ticket to merge into.' } },
);

export const splitReplyAction = agentAction(
  z.object({ ticketId, replyId: text, subject: text, customerEmail: text, withLaterReplies: z.literal('on').optional() }),
  (data, agent, formData) => {
    const created = splitTicket({
      ticketId: data.ticketId,
      agent,
      input: {
        replyId: data.replyId,
        subject: data.subject,
        customerEmail: data.customerEmail,
        participants: formData.getAll('participants').map(String),
        withLaterReplies: data.withLaterReplies === 'on',
      },
    });
    revalidatePath(`/tickets/${data.ticketId}`);
    revalidatePath('/tickets');
    redirect(`/tickets/${created.id}`);
  },
  {
    subject: { label: 'Subject', missing: 'Enter a subject for the new ticket.' },
    customerEmail: { label: 'Customer email' },
    participants: { label: 'Participants' },
  },
);

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { addCcCandidate, dismissCcCandidate } from '@/lib/participants/cc-candidates';

// "Cc'd, not on this ticket": Add and Dismiss, one click each (lib/participants/cc-candidates.ts audits both).
const fields = z.object({ ticketId: z.coerce.number().int().positive(), candidateId: z.coerce.number().int().positive() });

export const addCcCandidateAction = agentAction(fields, ({ ticketId, candidateId }, agent) => {
  addCcCandidate({ ticketId, candidateId, agent });
  revalidatePath(`/tickets/${ticketId}`);
  return { ok: true, message: 'Added to the ticket; they were emailed their link.' };
});

export const dismissCcCandidateAction = agentAction(fields, ({ ticketId, candidateId }, agent) => {
  dismissCcCandidate({ ticketId, candidateId, agent });
  revalidatePath(`/tickets/${ticketId}`);
  return { ok: true, message: 'Dismissed.' };
});

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { participantViewLabels, setParticipantView } from '@/lib/participants/participant-view';

// The per-participant view ("sees only what is sent to them"), on its own so the participants panel's layout can
// change without it.

export const setParticipantViewAction = agentAction(
  z.object({ ticketId: z.coerce.number().int().positive(), participantId: z.coerce.number().int().positive(), view: z.string().default('') }),
  (data, agent) => {
    const view = setParticipantView({ ticketId: data.ticketId, participantId: data.participantId, agent, input: { view: data.view } });
    revalidatePath(`/tickets/${data.ticketId}`);
    return { ok: true, message: `${participantViewLabels[view]}.` };
  },
  { view: { label: 'What they see', missing: 'Choose what they see.' } },
);

'use server';

import { z } from 'zod';
import { olderRepliesChunk } from '@/app/_components/conversation';
import type { OlderRepliesResult } from '@/app/_components/older-replies';
import { requireAgentForAction } from '@/lib/auth/session';
import { getTicketForAgent, listRepliesPage } from '@/lib/tickets/tickets';
import { refusalAsError } from '@/lib/web/actions';
import { agentConversationFiles } from './conversation-files';

// Apart from ../actions.ts: the conversation's files import the Remove button, whose action is there.
const ticketId = z.coerce.number().int().positive();
const cursor = z.string().max(100);

/** "Show older replies": the page of the conversation before `before`, for an agent who may see the ticket. */
export async function loadOlderRepliesAction(id: number, before: string): Promise<OlderRepliesResult> {
  return refusalAsError(async () => {
    const agent = await requireAgentForAction();
    const ticket = getTicketForAgent({ id: ticketId.parse(id), agent });
    const page = listRepliesPage({ ticketId: ticket.id, includePrivate: true, before: cursor.parse(before) });
    return olderRepliesChunk(page, 'agent', agentConversationFiles(agent, ticket));
  });
}

import 'server-only';
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { agents, savedReplies, type Agent, type SavedReply } from '@/db/schema';
import { escapeLike } from '@/lib/people/companies';
import { getDb } from '@/lib/core/db';
import { forbidden, notFound, validationError } from '@/lib/core/errors';
import { statusLabels } from '@/lib/tickets/statuses';
import { findUnknownTags, firstNameOf, renderTags, unknownTagMessage, type TagValues, type TemplateTag } from '@/lib/tickets/template-tags';
import { canDeleteSavedReply, canEditSavedReply, canUseSavedReplies } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { getTicketForAgent } from '@/lib/tickets/tickets';
import { getFirstPublicMessage, type TicketWithPeople } from '@/lib/tickets/records';

// Saved replies: text an agent inserts into the reply box, with the email templates' tags filled for the ticket.
// Offered tags are those that mean one thing in an agent's reply. Left out: {ticket_url} (a reply may be copied to
// participants, and the customer's personal link must reach nobody else — every email carries its recipient's own
// link anyway) and {reply_content}/{reply_author} (no reply is being answered in particular).
export const savedReplyTags = [
  'name',
  'first_name',
  'agent_name',
  'agent_first_name',
  'ticket_id',
  'ticket_title',
  'ticket_status',
  'ticket_content',
  'company',
  'sitename',
  'date',
] as const satisfies readonly TemplateTag[];

export const savedReplyTagDescriptions: Record<(typeof savedReplyTags)[number], string> = {
  name: 'the customer’s name',
  first_name: 'the customer’s first name',
  agent_name: 'your name',
  agent_first_name: 'your first name',
  ticket_id: 'the ticket number, e.g. PAR-1001',
  ticket_title: 'the ticket’s subject',
  ticket_status: 'the ticket’s status',
  ticket_content: 'the ticket’s first message',
  company: 'the company of the ticket’s customer',
  sitename: 'the helpdesk’s name',
  date: 'today’s date',
};

export type SavedReplyView = SavedReply & { createdByName: string | null; updatedByName: string | null; canEdit: boolean };

const textWithTags = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .superRefine((text, ctx) => {
      const unknown = findUnknownTags(text, savedReplyTags);
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: unknownTagMessage(unknown, savedReplyTags) });
    });

export const savedReplySchema = z.object({
  title: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  body: textWithTags(20_000).transform((text) => text.replace(/\r\n?/g, '\n')),
});

const createdBy = alias(agents, 'created_by');
const updatedBy = alias(agents, 'updated_by');

/** All saved replies (or those whose title or text holds every word of `q`), by title. */
export function listSavedReplies({ agent, q = '' }: { agent: Agent; q?: string }): SavedReplyView[] {
  if (!canUseSavedReplies(agent)) throw forbidden();
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const matches = words.map((word) => {
    const pattern = `%${escapeLike(word)}%`;
    return or(sql`${savedReplies.title} like ${pattern} escape '\\'`, sql`${savedReplies.body} like ${pattern} escape '\\'`);
  });
  return getDb()
    .select({ reply: savedReplies, createdByName: createdBy.name, updatedByName: updatedBy.name })
    .from(savedReplies)
    .leftJoin(createdBy, eq(createdBy.id, savedReplies.createdByAgentId))
    .leftJoin(updatedBy, eq(updatedBy.id, savedReplies.updatedByAgentId))
    .where(and(...matches))
    .orderBy(sql`lower(${savedReplies.title})`, asc(savedReplies.id))
    .all()
    .map(({ reply, createdByName, updatedByName }) => ({ ...reply, createdByName, updatedByName, canEdit: canEditSavedReply(agent, reply) }));
}

function getSavedReply(id: number): SavedReply {
  const row = getDb().select().from(savedReplies).where(eq(savedReplies.id, id)).get();
  if (!row) throw notFound('Saved reply');
  return row;
}

function parseInput(input: unknown) {
  const parsed = savedReplySchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

export function createSavedReply({ agent, input }: { agent: Agent; input: unknown }): SavedReply {
  if (!canUseSavedReplies(agent)) throw forbidden();
  const data = parseInput(input);
  return getDb()
    .insert(savedReplies)
    .values({ ...data, createdByAgentId: agent.id, updatedByAgentId: agent.id })
    .returning()
    .get();
}

export function updateSavedReply({ agent, id, input }: { agent: Agent; id: number; input: unknown }): SavedReply {
  const existing = getSavedReply(id);
  if (!canEditSavedReply(agent, existing)) throw forbidden('Only its author or an administrator can change this saved reply.');
  const data = parseInput(input);
  return getDb()
    .update(savedReplies)
    .set({ ...data, updatedByAgentId: agent.id, updatedAt: new Date() })
    .where(eq(savedReplies.id, id))
    .returning()
    .get()!;
}

export function deleteSavedReply({ agent, id }: { agent: Agent; id: number }): void {
  const existing = getSavedReply(id);
  if (!canDeleteSavedReply(agent, existing)) throw forbidden('Only its author or an administrator can delete this saved reply.');
  getDb().delete(savedReplies).where(eq(savedReplies.id, id)).run();
}

const savedReplyDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' });

/** The tag values of one ticket, as `agent`'s reply to its customer uses them. */
function savedReplyTagValues(ticket: TicketWithPeople, agent: Agent, now: Date): Pick<TagValues, (typeof savedReplyTags)[number]> {
  return {
    name: ticket.customer.name,
    first_name: firstNameOf(ticket.customer.name),
    agent_name: agent.name,
    agent_first_name: firstNameOf(agent.name),
    ticket_id: ticket.displayNumber,
    ticket_title: ticket.subject,
    ticket_status: statusLabels[ticket.status],
    ticket_content: getFirstPublicMessage({ ticketId: ticket.id }),
    company: ticket.customer.company?.name ?? '',
    sitename: getSettings().siteName,
    date: savedReplyDate.format(now),
  };
}

/** Saved replies for the picker on one ticket, each with its tags filled for that ticket. */
export function listSavedRepliesForTicket({ agent, ticketId, q }: { agent: Agent; ticketId: number; q?: string }) {
  const ticket = getTicketForAgent({ id: ticketId, agent });
  const values = savedReplyTagValues(ticket, agent, new Date());
  // Every tag is filled; the ones saved replies do not offer were refused when the text was saved.
  const all: TagValues = { ticket_url: '', reply_content: '', reply_author: '', other_ticket_id: '', added_by: '', ticket_relation: '', ...values };
  return listSavedReplies({ agent, q }).map((reply) => ({ id: reply.id, title: reply.title, body: renderTags(reply.body, all) }));
}


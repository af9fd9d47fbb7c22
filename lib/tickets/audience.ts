import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { customers, notificationMutes, participants, replies, replyRecipients, type Participant, type Reply, type ReplyAudience } from '@/db/schema';
import { getDb, type DbOrTx, type Tx } from '@/lib/core/db';
import { AppError } from '@/lib/core/errors';
import { canPersonSeeReply, type ReplyViewer, type ReplyVisibilityFacts } from '@/lib/auth/policy';
import type { Settings } from '@/lib/core/settings';

// Side replies: whom a public reply is for (everyone on the ticket, or chosen people), stored with the reply, and the
// reading side — which replies a given person sees — always answered by lib/auth/policy.ts canPersonSeeReply.

export type Recipient = { kind: 'customer' | 'participant'; personId: number };
export type ReplyTo = { audience: 'everyone' } | { audience: 'chosen'; recipients: Recipient[] };

/** The viewer a participant row is: their id, their view and when they joined. */
export const participantViewer = (p: Pick<Participant, 'id' | 'view' | 'createdAt'>): ReplyViewer => ({
  kind: 'participant',
  id: p.id,
  view: p.view,
  joinedAt: p.createdAt,
});

/** The chosen people of each side reply (replies to everyone have none). */
export function recipientsByReply(replyIds: number[], db: DbOrTx = getDb()): Map<number, Recipient[]> {
  const map = new Map<number, Recipient[]>();
  if (replyIds.length === 0) return map;
  const rows = db.select().from(replyRecipients).where(inArray(replyRecipients.replyId, replyIds)).all();
  for (const row of rows) {
    const list = map.get(row.replyId) ?? [];
    list.push({ kind: row.kind, personId: row.personId });
    map.set(row.replyId, list);
  }
  return map;
}

type ReplyFactsSource = Pick<Reply, 'id' | 'private' | 'automatic' | 'authorKind' | 'authorId' | 'audience' | 'createdAt'>;

export const visibilityFacts = (reply: ReplyFactsSource, recipients: Recipient[] | undefined): ReplyVisibilityFacts => ({
  private: reply.private,
  automatic: reply.automatic,
  authorKind: reply.authorKind,
  authorId: reply.authorId,
  audience: reply.audience,
  recipients: recipients ?? [],
  createdAt: reply.createdAt,
});

/** Whether one person may see one reply (the policy, with the reply's recipients read for it). */
export function maySeeReply(viewer: ReplyViewer, reply: ReplyFactsSource, db: DbOrTx = getDb()): boolean {
  if (viewer.kind === 'agent') return true;
  const recipients = reply.audience === 'chosen' ? recipientsByReply([reply.id], db).get(reply.id) : undefined;
  return canPersonSeeReply(viewer, visibilityFacts(reply, recipients));
}

/** The replies of `list` this person may see, in the same order. */
export function filterVisibleReplies<R extends ReplyFactsSource>(viewer: ReplyViewer, list: R[], db: DbOrTx = getDb()): R[] {
  if (viewer.kind === 'agent') return list;
  const recipients = recipientsByReply(list.filter((r) => r.audience === 'chosen').map((r) => r.id), db);
  return list.filter((r) => canPersonSeeReply(viewer, visibilityFacts(r, recipients.get(r.id))));
}

/** Stores a reply's audience: its chosen people (nothing for a reply to everyone). */
export function writeReplyRecipients(tx: Tx, replyId: number, to: ReplyTo): void {
  if (to.audience === 'everyone') return;
  tx.insert(replyRecipients)
    .values(to.recipients.map((r) => ({ replyId, ...r })))
    .onConflictDoNothing()
    .run();
}

export const replyAudienceOf = (to: ReplyTo): ReplyAudience => to.audience;

/**
 * An answer to a side reply (by email, or through a link page) stays within the same people: the answered reply's
 * recipients, with the author added. An answer to a reply to everyone goes to everyone.
 */
export function answerAudience(answered: { audience: ReplyAudience; recipients: Recipient[] } | null, author: Recipient): ReplyTo {
  if (!answered || answered.audience === 'everyone') return { audience: 'everyone' };
  const recipients = [...answered.recipients];
  if (!recipients.some((r) => r.kind === author.kind && r.personId === author.personId)) recipients.push(author);
  return { audience: 'chosen', recipients };
}

/** A reply's audience as stored, with its recipients (for answering it). */
export function storedAudience(reply: Pick<Reply, 'id' | 'audience'>, db: DbOrTx = getDb()): { audience: ReplyAudience; recipients: Recipient[] } {
  return { audience: reply.audience, recipients: reply.audience === 'chosen' ? (recipientsByReply([reply.id], db).get(reply.id) ?? []) : [] };
}

/**
 * What an agent's `to` means (form or API): "everyone" (the default), "customer" (the customer only), or a list of
 * the people chosen — participant ids, and "customer" for the customer. Each participant must be a current
 * participant of this ticket; a chosen audience needs at least one person; notes go to nobody and take only "everyone".
 */
export function parseReplyTo(
  to: unknown,
  ctx: { customerId: number; participants: Pick<Participant, 'id'>[]; settings: Pick<Settings, 'participantsEnabled'>; isPrivate: boolean },
): ReplyTo {
  if (to === undefined || to === null || to === '' || to === 'everyone') return { audience: 'everyone' };
  const refuse = (message: string) => new AppError('validation_failed', `Invalid fields — to: ${message}`, { to: message });
  if (ctx.isPrivate) throw refuse('a private note goes to nobody outside the team; leave “to” out');
  if (to === 'customer') return { audience: 'chosen', recipients: [{ kind: 'customer', personId: ctx.customerId }] };
  // A form or multipart body sends the list as one comma-separated field.
  if (typeof to === 'string' && /^[\w\s,]+$/.test(to)) to = to.split(',').map((item) => item.trim()).filter(Boolean);
  if (!Array.isArray(to)) throw refuse('must be "everyone", "customer" or a list of participant ids (and "customer")');
  if (to.length === 0) throw refuse('choose at least one person');
  if (to.length > 200) throw refuse('too many people');
  const recipients: Recipient[] = [];
  for (const item of to) {
    let recipient: Recipient;
    if (item === 'customer') recipient = { kind: 'customer', personId: ctx.customerId };
    else {
      const id = typeof item === 'number' ? item : typeof item === 'string' && /^\d{1,15}$/.test(item) ? Number(item) : NaN;
      if (!Number.isSafeInteger(id) || id <= 0) throw refuse(`${JSON.stringify(item)} is not a participant id`);
      if (!ctx.settings.participantsEnabled) throw refuse('participants are turned off; a reply can go to everyone or the customer only');
      if (!ctx.participants.some((p) => p.id === id)) throw refuse(`${id} is not a current participant of this ticket`);
      recipient = { kind: 'participant', personId: id };
    }
    if (!recipients.some((r) => r.kind === recipient.kind && r.personId === recipient.personId)) recipients.push(recipient);
  }
  return { audience: 'chosen', recipients };
}

export type RecipientPerson = Recipient & { name: string; email: string };

/** The names and addresses of each side reply's recipients (for "To: Pat, Dan" and the API). */
export function recipientPeopleByReply(replyIds: number[], db: DbOrTx = getDb()): Map<number, RecipientPerson[]> {
  const byReply = recipientsByReply(replyIds, db);
  const all = [...byReply.values()].flat();
  const customerIds = [...new Set(all.filter((r) => r.kind === 'customer').map((r) => r.personId))];
  const participantIds = [...new Set(all.filter((r) => r.kind === 'participant').map((r) => r.personId))];
  const people = new Map<string, { name: string; email: string }>();
  if (customerIds.length) {
    for (const c of db.select({ id: customers.id, name: customers.name, email: customers.email }).from(customers).where(inArray(customers.id, customerIds)).all()) {
      people.set(`customer:${c.id}`, c);
    }
  }
  if (participantIds.length) {
    for (const p of db.select({ id: participants.id, name: participants.name, email: participants.email }).from(participants).where(inArray(participants.id, participantIds)).all()) {
      people.set(`participant:${p.id}`, p);
    }
  }
  const result = new Map<number, RecipientPerson[]>();
  for (const [replyId, list] of byReply) {
    result.set(
      replyId,
      list.map((r) => {
        const person = people.get(`${r.kind}:${r.personId}`);
        return { ...r, name: person?.name ?? '', email: person?.email ?? '' };
      }),
    );
  }
  return result;
}

/** A person's name for a "To:" line: their name, else their address. */
export const personLabel = (p: { name: string; email: string }) => p.name.trim() || p.email;

/** Sets a participant's view ("sees only what is sent to them" or everything); the caller checks the policy. */
export function writeParticipantView(tx: Tx, { ticketId, participantId, view }: { ticketId: number; participantId: number; view: Participant['view'] }) {
  return tx
    .update(participants)
    .set({ view })
    .where(and(eq(participants.id, participantId), eq(participants.ticketId, ticketId)))
    .returning()
    .get();
}

/**
 * The ticket's first message this person may see (what `{ticket_content}` stands for in their emails): the request
 * itself for nearly everyone, never a side reply to others or, for someone who sees only what is sent to them, a
 * message from before they joined.
 */
export function firstVisibleMessage(ticketId: number, viewer: ReplyViewer, db: DbOrTx = getDb()): string {
  let after: { at: number; id: number } | null = null;
  for (;;) {
    const rows: Reply[] = db
      .select()
      .from(replies)
      .where(
        and(
          eq(replies.ticketId, ticketId),
          eq(replies.private, false),
          after ? sql`(${replies.createdAt}, ${replies.id}) > (${after.at}, ${after.id})` : undefined,
        ),
      )
      .orderBy(asc(replies.createdAt), asc(replies.id))
      .limit(50)
      .all();
    const first = filterVisibleReplies(viewer, rows, db)[0];
    if (first) return first.body;
    if (rows.length < 50) return '';
    const last: Reply = rows[rows.length - 1];
    after = { at: last.createdAt.getTime(), id: last.id };
  }
}

export type ReplyBoxPerson = { kind: 'customer' | 'participant'; id: number; name: string; email: string; emailsOff: boolean };
export type ReplyBoxPeople = { customer: ReplyBoxPerson; participants: ReplyBoxPerson[]; copyParticipants: boolean };

/**
 * Who the agent's reply box may address and who a reply to everyone is emailed to: the customer, and the current
 * participants (while participants are on), each marked when they turned this ticket's emails off.
 */
export function replyBoxPeople(
  ticket: { id: number; customer: { id: number; name: string; email: string } },
  settings: Pick<Settings, 'participantsEnabled' | 'copyParticipants'>,
  db: DbOrTx = getDb(),
): ReplyBoxPeople {
  const muted = new Set(db.select({ email: notificationMutes.email }).from(notificationMutes).where(eq(notificationMutes.ticketId, ticket.id)).all().map((m) => m.email));
  const person = (kind: ReplyBoxPerson['kind'], p: { id: number; name: string; email: string }): ReplyBoxPerson => ({
    kind,
    id: p.id,
    name: personLabel(p),
    email: p.email,
    emailsOff: muted.has(p.email.toLowerCase()),
  });
  const current = settings.participantsEnabled
    ? db.select().from(participants).where(and(eq(participants.ticketId, ticket.id), isNull(participants.removedAt))).orderBy(asc(participants.createdAt), asc(participants.id)).all()
    : [];
  return {
    customer: person('customer', ticket.customer),
    participants: current.map((p) => person('participant', p)),
    copyParticipants: settings.copyParticipants,
  };
}

import { and, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inboundMessages, outbox, participants, replies, tickets, type Agent } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { getAuthSecret } from '@/lib/core/env';
import { messageIdFor, threadIdFor } from '@/lib/mail/headers';
import { pipeSourceId, storeInboundMessage } from '@/lib/mail/inbound/intake';
import { processInboundBatch } from '@/lib/mail/inbound/processor';
import { currentRecipientClaims, linkVersionFor, resolveAccessLink, ticketUrlFor } from '@/lib/participants/link-access';
import { signRecipientToken } from '@/lib/participants/links';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { resolveUnsubscribeToken } from '@/lib/participants/ticket-emails';
import { listTicketHistory } from '@/lib/tickets/history';
import { findMergeCandidates, mergeTicket, splitTicket } from '@/lib/tickets/merge';
import { finalTicketOf, getTicketById, listActiveParticipants } from '@/lib/tickets/records';
import { addAgentReply, listRepliesPage, listTicketsForAgent, rotateTicketLinks, updateTicket } from '@/lib/tickets/tickets';
import { maySeeReply, participantViewer } from '@/lib/tickets/audience';
import { appErrorFrom } from '@/tests/support/helpers';
import { auditOf, eventsOf, newAgent, newTicket, setSettings, tokenOf, unique } from '@/tests/support/link-fixtures';

process.env.INBOUND_DOMAIN = 'inbound.parley.test';

let admin: Agent;
let restricted: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  restricted = await newAgent('agent');
});
beforeEach(() => setSettings({ participantsEnabled: true, restrictAgentsToAssigned: false, copyParticipants: true, autoAddParticipants: false }));

const db = () => getDb();
const linkOf = (ticketId: number, holder: { kind: 'customer' | 'participant'; id: number }) => {
  const ticket = getTicketById({ id: ticketId })!;
  return tokenOf(ticketUrlFor(ticket, holder));
};
const conversation = (ticketId: number) => listRepliesPage({ ticketId, includePrivate: true, limit: 1000 }).replies;
const outboxOf = (ticketId: number, template: string) =>
  db()
    .select()
    .from(outbox)
    .where(and(eq(outbox.ticketId, ticketId), eq(outbox.template, template)))
    .all()
    .map((r) => r.toEmail)
    .sort();
const guest = (ticketId: number, label = 'guest') =>
  addParticipant({ ticketId, agent: admin, input: { email: `${unique(label)}@guests.test`, name: label } });

/** Two tickets: A from a customer, B from their colleague with a guest on it and a private note. */
function customerAndColleague() {
  const company = unique('Acme');
  const a = newTicket({ company, name: 'Carol' });
  const b = newTicket({ company, name: 'Colin' });
  const bGuest = guest(b.id, 'bguest');
  addAgentReply({ ticketId: b.id, agent: admin, message: 'A note about B', private: true });
  return { a, b, bGuest };
}

describe('mergeTicket', () => {
  it('moves B’s conversation into A in time order, marked as from B, and closes B read-only', async () => {
    const { a, b } = customerAndColleague();
    addAgentReply({ ticketId: a.id, agent: admin, message: 'Later reply on A', private: false });
    const merged = mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    expect(merged.id).toBe(a.id);
    const onA = conversation(a.id);
    expect(onA.map((r) => r.body)).toEqual(['First message', 'First message', 'A note about B', 'Later reply on A']);
    expect(onA.filter((r) => r.fromTicketId === b.id)).toHaveLength(2);
    expect(onA.find((r) => r.body === 'A note about B')!.private).toBe(true);
    expect(conversation(b.id)).toEqual([]);
    const source = getTicketById({ id: b.id })!;
    expect(source).toMatchObject({ mergedIntoId: a.id, status: 'closed' });
    const refused = await appErrorFrom(() => addAgentReply({ ticketId: b.id, agent: admin, message: 'More', private: false }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain(`merged into ${a.displayNumber}`);
    expect((await appErrorFrom(() => updateTicket({ ticketId: b.id, agent: admin, input: { status: 'open' } }))).code).toBe('conflict');
    expect((await appErrorFrom(() => addParticipant({ ticketId: b.id, agent: admin, input: { email: 'late@guests.test' } }))).code).toBe('conflict');
    expect((await appErrorFrom(() => rotateTicketLinks({ ticketId: b.id, agent: admin }))).code).toBe('conflict');
    expect(getTicketById({ id: b.id })!.linkVersion).toBe(source.linkVersion);
  });

  it('records the merge in both histories (A shows B’s history, each line marked) and the audit log names the agent', () => {
    const { a, b } = customerAndColleague();
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    const history = listTicketHistory({ ticketId: a.id });
    const mergeLine = history.find((line) => line.text.includes(`merged ${b.displayNumber} into this ticket`))!;
    expect(mergeLine.link).toEqual({ href: `/tickets/${b.id}`, label: `Open ${b.displayNumber}` });
    expect(history.filter((line) => line.fromTicket === b.displayNumber).map((line) => line.text)).toContain(`${b.customer.email} created the ticket on the web`);
    expect(auditOf(b.id, 'ticket.merged')[0]).toMatchObject({ actorKind: 'agent', actorId: admin.id, detail: { intoTicketId: a.id } });
    expect(listTicketHistory({ ticketId: b.id }).at(-1)!.link).toEqual({ href: `/tickets/${a.id}`, label: `Open ${a.displayNumber}` });
  });

  it('makes B’s customer and participants participants of A (once), and emails each of them once with their link to A', () => {
    const { a, b, bGuest } = customerAndColleague();
    // Already on A: stays one participant.
    const both = addParticipant({ ticketId: a.id, agent: admin, input: { email: bGuest.email } });
    db().delete(outbox).run();
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    const onA = listActiveParticipants({ ticketId: a.id });
    expect(onA.map((p) => p.email).sort()).toEqual([b.customer.email, bGuest.email].sort());
    expect(onA.find((p) => p.email === bGuest.email)!.id).toBe(both.id);
    expect(getTicketById({ id: a.id })!.customerId).toBe(a.customerId);
    expect(outboxOf(a.id, 'ticket_merged')).toEqual([b.customer.email, bGuest.email].sort());
    expect(db().select().from(outbox).all().map((r) => r.template)).toEqual(['ticket_merged', 'ticket_merged']);
    expect(eventsOf(a.id, 'ticket.merged')[0].payload).toMatchObject({ sourceTicketId: b.id, byAgentId: admin.id });
  });

  it('a side reply on B stays with its people on A: the one it was to still sees it, A’s customer does not', () => {
    const { a, b, bGuest } = customerAndColleague();
    const side = addAgentReply({ ticketId: b.id, agent: admin, message: 'Only for the guest', to: [bGuest.id] });
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    const guestOnA = listActiveParticipants({ ticketId: a.id }).find((p) => p.email === bGuest.email)!;
    const moved = db().select().from(replies).where(eq(replies.id, side.id)).get()!;
    expect(maySeeReply(participantViewer(guestOnA), moved)).toBe(true);
    expect(maySeeReply({ kind: 'customer', id: a.customerId }, moved)).toBe(false);
  });

  it('B’s old links open A as the same person; a link revoked on B stays revoked', () => {
    const { a, b, bGuest } = customerAndColleague();
    const removed = guest(b.id, 'removed');
    const removedLink = linkOf(b.id, { kind: 'participant', id: removed.id });
    removeParticipant({ ticketId: b.id, participantId: removed.id, agent: admin });
    const customerLink = linkOf(b.id, { kind: 'customer', id: b.customerId });
    const guestLink = linkOf(b.id, { kind: 'participant', id: bGuest.id });
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });

    const asCustomer = resolveAccessLink(customerLink);
    expect(asCustomer.ok && asCustomer.access.ticket.id).toBe(a.id);
    expect(asCustomer.ok && asCustomer.access.holder).toMatchObject({ kind: 'participant', email: b.customer.email });
    const asGuest = resolveAccessLink(guestLink);
    expect(asGuest.ok && asGuest.access.holder).toMatchObject({ kind: 'participant', email: bGuest.email });
    expect(resolveAccessLink(removedLink)).toEqual({ ok: false, reason: 'revoked' });
    // Nobody else's email was re-added: the removed participant is not on A.
    expect(listActiveParticipants({ ticketId: a.id }).some((p) => p.email === removed.email)).toBe(false);
  });

  it('a B link rotated before the merge stays dead; after it, removing the person from A or rotating A’s links ends B’s link too', () => {
    const { a, b, bGuest } = customerAndColleague();
    const oldCustomerLink = linkOf(b.id, { kind: 'customer', id: b.customerId });
    rotateTicketLinks({ ticketId: b.id, agent: admin });
    const customerLink = linkOf(b.id, { kind: 'customer', id: b.customerId });
    const guestLink = linkOf(b.id, { kind: 'participant', id: bGuest.id });
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    expect(resolveAccessLink(oldCustomerLink)).toEqual({ ok: false, reason: 'revoked' });
    expect(resolveAccessLink(customerLink).ok).toBe(true);

    const guestOnA = listActiveParticipants({ ticketId: a.id }).find((p) => p.email === bGuest.email)!;
    removeParticipant({ ticketId: a.id, participantId: guestOnA.id, agent: admin });
    expect(resolveAccessLink(guestLink)).toEqual({ ok: false, reason: 'revoked' });
    rotateTicketLinks({ ticketId: a.id, agent: admin });
    expect(resolveAccessLink(customerLink)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('follows a chain of merges: B → A → Z opens Z, and reply+ and unsubscribe tokens follow it too', () => {
    const { a, b } = customerAndColleague();
    const z = newTicket();
    const customerLink = linkOf(b.id, { kind: 'customer', id: b.customerId });
    const version = linkVersionFor(getTicketById({ id: b.id })!, { kind: 'customer', id: b.customerId });
    const claims = { ticketId: b.id, recipient: { kind: 'customer' as const, id: b.customerId }, version };
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    mergeTicket({ ticketId: a.id, agent: admin, input: { into: z.id } });
    expect(finalTicketOf(b.id)).toBe(z.id);
    const opened = resolveAccessLink(customerLink);
    expect(opened.ok && opened.access.ticket.id).toBe(z.id);
    expect(opened.ok && opened.access.holder.email).toBe(b.customer.email);
    expect(currentRecipientClaims(claims)).toMatchObject({ ticketId: z.id, recipient: { kind: 'participant' } });
    const target = resolveUnsubscribeToken(signRecipientToken('unsubscribe', claims, getAuthSecret()));
    expect(target).toMatchObject({ ticketId: z.id, email: b.customer.email });
    // Replies of B (first written there) keep their origin through the second merge.
    expect(conversation(z.id).filter((r) => r.fromTicketId === b.id)).toHaveLength(2);
    expect(listTicketHistory({ ticketId: z.id }).some((line) => line.fromTicket === b.displayNumber)).toBe(true);
  });

  it('lists and the API view show B as merged', () => {
    const { a, b } = customerAndColleague();
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    const row = listTicketsForAgent({ agent: admin, q: b.displayNumber }).tickets[0];
    expect(row).toMatchObject({ id: b.id, mergedIntoId: a.id, mergedIntoNumber: a.displayNumber, status: 'closed' });
    expect(findMergeCandidates({ agent: admin, ticketId: a.id, q: b.displayNumber })).toEqual([]);
    const found = findMergeCandidates({ agent: admin, ticketId: newTicket().id, q: a.displayNumber });
    expect(found).toEqual([expect.objectContaining({ id: a.id, subject: a.subject, participantCount: 2 })]);
  });

  describe('bad input: a clear error and nothing changed', () => {
    const snapshot = (ids: number[]) => ({
      tickets: ids.map((id) => getTicketById({ id })),
      replies: db().select().from(replies).all(),
      participants: db().select().from(participants).all(),
    });

    it('into itself, from or into a merged ticket (naming the end of the chain), into a missing or forbidden ticket', async () => {
      const { a, b } = customerAndColleague();
      const c = newTicket();
      const mine = newTicket();
      const itself = await appErrorFrom(() => mergeTicket({ ticketId: a.id, agent: admin, input: { into: a.id } }));
      expect(itself).toMatchObject({ code: 'validation_failed', message: 'A ticket cannot be merged into itself.' });
      mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
      const before = snapshot([a.id, b.id, c.id]);
      const intoMerged = await appErrorFrom(() => mergeTicket({ ticketId: c.id, agent: admin, input: { into: b.id } }));
      expect(intoMerged).toMatchObject({ code: 'conflict', message: `${b.displayNumber} was merged into ${a.displayNumber}; merge into ${a.displayNumber} instead.` });
      const fromMerged = await appErrorFrom(() => mergeTicket({ ticketId: b.id, agent: admin, input: { into: c.id } }));
      expect(fromMerged.code).toBe('conflict');
      const missing = await appErrorFrom(() => mergeTicket({ ticketId: c.id, agent: admin, input: { into: 999_999 } }));
      expect(missing).toMatchObject({ code: 'validation_failed', fields: { into: 'There is no ticket with that id to merge into.' } });
      const garbage = await appErrorFrom(() => mergeTicket({ ticketId: c.id, agent: admin, input: { into: 'abc' } }));
      expect(garbage.code).toBe('validation_failed');
      // A restricted agent may not work a ticket assigned to someone else.
      setSettings({ restrictAgentsToAssigned: true });
      updateTicket({ ticketId: a.id, agent: admin, input: { assigneeId: admin.id } });
      const forbidden = await appErrorFrom(() => mergeTicket({ ticketId: mine.id, agent: restricted, input: { into: a.id } }));
      expect(forbidden).toMatchObject({ code: 'forbidden', message: `You may not change ${a.displayNumber}.` });
      expect(snapshot([a.id, b.id, c.id]).replies).toEqual(before.replies);
      expect(snapshot([a.id, b.id, c.id]).participants).toEqual(before.participants);
      expect(getTicketById({ id: c.id })!.mergedIntoId).toBeNull();
      expect(getTicketById({ id: mine.id })!.mergedIntoId).toBeNull();
    });

    it('two merges of the same tickets: exactly one wins, the other is refused', async () => {
      const a = newTicket();
      const b = newTicket();
      const results = await Promise.allSettled([
        Promise.resolve().then(() => mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } })),
        Promise.resolve().then(() => mergeTicket({ ticketId: a.id, agent: admin, input: { into: b.id } })),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toMatchObject({ code: 'conflict' });
      const merged = [getTicketById({ id: a.id })!, getTicketById({ id: b.id })!].filter((t) => t.mergedIntoId !== null);
      expect(merged).toHaveLength(1);
    });
  });
});

// ---- Inbound mail to a merged ticket ----

let counter = 0;
function mail({ from, to, inReplyTo, references, body }: { from: string; to: string; inReplyTo?: string; references?: string; body: string }) {
  return Buffer.from(
    [
      `From: ${from}`,
      `To: ${to}`,
      'Subject: Re: our problem',
      `Message-ID: <merge-${Date.now()}-${++counter}@sender.test>`,
      ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`] : []),
      ...(references ? [`References: ${references}`] : []),
      'Date: Wed, 25 Nov 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
    ].join('\r\n'),
  );
}
async function receive(raw: Buffer) {
  const { id } = storeInboundMessage(db(), { source: 'pipe', sourceId: pipeSourceId(raw), raw });
  await processInboundBatch(db());
  return db().select().from(inboundMessages).where(eq(inboundMessages.id, id)).get()!;
}
const replyAddress = (ticketId: number, recipient: { kind: 'customer' | 'participant'; id: number }, version: number) =>
  `reply+${signRecipientToken('reply-address', { ticketId, recipient, version }, getAuthSecret())}@inbound.parley.test`;

describe('email to a merged ticket', () => {
  it('a reply to B’s reply+ address lands on A as the same person', async () => {
    const { a, b } = customerAndColleague();
    const address = replyAddress(b.id, { kind: 'customer', id: b.customerId }, getTicketById({ id: b.id })!.customerLinkVersion);
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    const row = await receive(mail({ from: b.customer.email, to: address, body: 'Replying on the old thread.' }));
    expect(row).toMatchObject({ status: 'applied', outcome: 'reply', ticketId: a.id });
    // The colleague of A's customer (same company) replies as who they are: that customer.
    expect(conversation(a.id).at(-1)).toMatchObject({ body: 'Replying on the old thread.', authorKind: 'customer', authorId: b.customerId, authorEmail: b.customer.email });
    // A guest of B replying to their B address lands on A as A's participant.
    const lone = newTicket();
    const g = guest(lone.id, 'lone');
    const guestAddress = replyAddress(lone.id, { kind: 'participant', id: g.id }, getTicketById({ id: lone.id })!.linkVersion);
    mergeTicket({ ticketId: lone.id, agent: admin, input: { into: a.id } });
    const fromGuest = await receive(mail({ from: g.email, to: guestAddress, body: 'Guest on the old thread.' }));
    expect(fromGuest).toMatchObject({ status: 'applied', outcome: 'reply', ticketId: a.id });
    const onA = listActiveParticipants({ ticketId: a.id }).find((p) => p.email === g.email)!;
    expect(conversation(a.id).at(-1)).toMatchObject({ body: 'Guest on the old thread.', authorKind: 'participant', authorId: onA.id });
  });

  it('a reply that only references B’s Message-IDs lands on A; a removed participant’s B address stays refused', async () => {
    const { a, b, bGuest } = customerAndColleague();
    const removedAddress = replyAddress(b.id, { kind: 'participant', id: bGuest.id }, getTicketById({ id: b.id })!.linkVersion);
    removeParticipant({ ticketId: b.id, participantId: bGuest.id, agent: admin });
    mergeTicket({ ticketId: b.id, agent: admin, input: { into: a.id } });
    const secret = getAuthSecret();
    const threaded = await receive(
      mail({ from: b.customer.email, to: 'support@inbound.parley.test', inReplyTo: messageIdFor(1, b.id, 'localhost', secret), references: threadIdFor(b.id, 'localhost', secret), body: 'By thread.' }),
    );
    expect(threaded).toMatchObject({ status: 'applied', outcome: 'reply', ticketId: a.id });
    const stale = await receive(mail({ from: bGuest.email, to: removedAddress, body: 'Let me back in.' }));
    expect(stale.status).toBe('refused');
    expect(conversation(a.id).some((r) => r.body === 'Let me back in.')).toBe(false);
  });
});

// ---- Split ----

describe('splitTicket', () => {
  function ticketWithThread() {
    const t = newTicket({ name: 'Carol' });
    const jane = guest(t.id, 'jane');
    const other = guest(t.id, 'other');
    const second = addAgentReply({ ticketId: t.id, agent: admin, message: 'Second problem: the printer', private: false });
    const third = addAgentReply({ ticketId: t.id, agent: admin, message: 'More on the printer', private: false });
    return { t, jane, other, second, third };
  }

  it('moves one reply into a new ticket with the chosen participant as a fresh person; neither side reaches the other', () => {
    const { t, jane, other, second } = ticketWithThread();
    const janeOldLink = linkOf(t.id, { kind: 'participant', id: jane.id });
    db().delete(outbox).run();
    const split = splitTicket({ ticketId: t.id, agent: admin, input: { replyId: second.id, subject: 'Printer', participants: [jane.id] } });
    expect(split).toMatchObject({ subject: 'Printer', customerId: t.customerId, status: 'open' });
    expect(conversation(split.id).map((r) => r.body)).toEqual(['Second problem: the printer']);
    expect(conversation(t.id).map((r) => r.body)).toEqual(['First message', 'More on the printer']);
    const newPeople = listActiveParticipants({ ticketId: split.id });
    expect(newPeople.map((p) => p.email)).toEqual([jane.email]);
    expect(newPeople[0].id).not.toBe(jane.id);
    // Fresh links: the new one opens only the new ticket, the old one only the old.
    const janeNewLink = linkOf(split.id, { kind: 'participant', id: newPeople[0].id });
    const opened = resolveAccessLink(janeNewLink);
    expect(opened.ok && opened.access.ticket.id).toBe(split.id);
    const old = resolveAccessLink(janeOldLink);
    expect(old.ok && old.access.ticket.id).toBe(t.id);
    expect(listActiveParticipants({ ticketId: split.id }).some((p) => p.email === other.email)).toBe(false);
    expect(outboxOf(split.id, 'ticket_split')).toEqual([t.customer.email, jane.email].sort());
    expect(db().select().from(outbox).all().every((r) => r.ticketId === split.id)).toBe(true);
    // Both histories, each linking the other.
    expect(listTicketHistory({ ticketId: t.id }).at(-1)).toMatchObject({ link: { href: `/tickets/${split.id}` }, text: expect.stringContaining(`split one reply off into the new ticket ${split.displayNumber}`) });
    expect(listTicketHistory({ ticketId: split.id }).find((l) => l.link?.href === `/tickets/${t.id}`)!.text).toContain(`from one reply of ${t.displayNumber}`);
  });

  it('with every later reply; the customer defaults to the reply’s author and may be given', () => {
    const { t, jane, second } = ticketWithThread();
    const byJane = db().insert(replies).values({ ticketId: t.id, body: 'Jane writes', authorKind: 'participant', authorId: jane.id, authorEmail: jane.email, authorName: 'Jane', createdAt: new Date(Date.now() + 1000) }).returning().get();
    const toJane = splitTicket({ ticketId: t.id, agent: admin, input: { replyId: byJane.id, subject: 'Jane’s', participants: [] } });
    expect(getTicketById({ id: toJane.id })!.customerId).not.toBe(t.customerId);
    expect(toJane.customer.email).toBe(jane.email);
    const given = splitTicket({ ticketId: t.id, agent: admin, input: { replyId: second.id, subject: 'Rest', customerEmail: 'Someone.Else@Example.test', participants: [], withLaterReplies: true } });
    expect(given.customer.email).toBe('someone.else@example.test');
    expect(conversation(given.id).map((r) => r.body)).toEqual(['Second problem: the printer', 'More on the printer']);
    expect(conversation(t.id).map((r) => r.body)).toEqual(['First message']);
  });

  it('refuses a reply of another ticket, a split that would empty the ticket, an unknown participant, and a merged ticket', async () => {
    const { t, second } = ticketWithThread();
    const elsewhere = newTicket();
    const before = db().select().from(tickets).all().length;
    const notOn = await appErrorFrom(() => splitTicket({ ticketId: elsewhere.id, agent: admin, input: { replyId: second.id, subject: 'X', participants: [] } }));
    expect(notOn).toMatchObject({ code: 'validation_failed', fields: { replyId: 'That reply is not on this ticket.' } });
    const first = conversation(t.id)[0];
    const emptying = await appErrorFrom(() => splitTicket({ ticketId: t.id, agent: admin, input: { replyId: first.id, subject: 'X', participants: [], withLaterReplies: true } }));
    expect(emptying.message).toContain('must leave at least one reply');
    const stranger = guest(elsewhere.id, 'stranger');
    const wrongPerson = await appErrorFrom(() => splitTicket({ ticketId: t.id, agent: admin, input: { replyId: second.id, subject: 'X', participants: [stranger.id] } }));
    expect(wrongPerson).toMatchObject({ code: 'validation_failed', fields: { participants: `Participant ${stranger.id} is not on this ticket.` } });
    const noSubject = await appErrorFrom(() => splitTicket({ ticketId: t.id, agent: admin, input: { replyId: second.id, subject: ' ', participants: [] } }));
    expect(noSubject.fields).toMatchObject({ subject: 'is required' });
    mergeTicket({ ticketId: elsewhere.id, agent: admin, input: { into: t.id } });
    const fromMerged = await appErrorFrom(() => splitTicket({ ticketId: elsewhere.id, agent: admin, input: { replyId: second.id, subject: 'X', participants: [] } }));
    expect(fromMerged.code).toBe('conflict');
    expect(db().select().from(tickets).all().length).toBe(before);
    expect(conversation(t.id).some((r) => r.id === second.id)).toBe(true);
  });
});

import 'server-only';
import { and, eq, gt, inArray, isNotNull, max, ne, sql } from 'drizzle-orm';
import { auditLog, inboundMessages, outbox, participants as participantsTable, replies, tickets, type InboundMessage, type InboundRefusal, type InboundStatus } from '@/db/schema';
import { verifyRecipientToken, type RecipientClaims } from '@/lib/participants/links';
import { currentRecipientClaims, finalTicketOf } from '@/lib/participants/link-access';
import { ATTACHMENTS_PER_REPLY, formatBytes, insertAttachments, maxAttachmentBytes, storeAttachmentFile, type StoredFile } from '@/lib/files/store';
import { recordAudit, type AuditActor } from '@/lib/core/audit';
import { getCustomerByEmail, nameFromEmail } from '@/lib/people/customers';
import type { Db, Tx } from '@/lib/core/db';
import { getAuthSecret, getEnv } from '@/lib/core/env';
import { recordEvent } from '@/lib/tickets/events';
import { senderDomain, verifyParleyMessageId } from '@/lib/mail/headers';
import { bounceDiagnostic, classifyAutomatic, referencedParleyIds, type AutomaticVerdict } from '@/lib/mail/inbound/automatic';
import { dmarcVerdict } from '@/lib/mail/inbound/dmarc';
import { queueAutoAnswer } from '@/lib/mail/inbound/auto-answer';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { getImapConfig } from '@/lib/mail/inbound/imap-settings';
import { bracketedTicketNumbers, matchTicket, type TicketMatch } from '@/lib/mail/inbound/matching';
import { parseInboundMessage, type InboundFacts } from '@/lib/mail/inbound/parse';
import { withoutPersonalLinks } from '@/lib/mail/inbound/reply-text';
import { copiedPeople, exclusionOf, FLOOD_WINDOW_MS, isFlooding, type Exclusions } from '@/lib/mail/inbound/people';
import { insertParticipant } from '@/lib/participants/participants';
import { recordCcCandidate } from '@/lib/participants/cc-candidates';
import { listActiveParticipants } from '@/lib/tickets/records';
import { answerAudience, storedAudience, writeReplyRecipients } from '@/lib/tickets/audience';
import {
  canPickTicketBySubject,
  decideCopiedPerson,
  looksLikeListOrRobot,
  decideInboundNewTicket,
  decideInboundSender,
  inboundTrustOf,
  normalizeEmail,
  PEOPLE_ADDED_PER_MESSAGE,
  type InboundTrust,
} from '@/lib/auth/policy';
import { getSettings, type Settings } from '@/lib/core/settings';
import { parseTicketSearch } from '@/lib/tickets/numbers';
import { insertTicket, normalizeLineBreaks, touchTicket } from '@/lib/tickets/tickets';
import { getTicketWithPeople, type TicketWithPeople } from '@/lib/tickets/records';

// applyInboundMessage: the one place an inbound email changes anything. Whatever the source, a stored message is
// parsed, matched to a ticket (or opens one), its sender checked by lib/auth/policy.ts, and then — in one transaction
// that also marks the message done — the reply, new participants, audit entries and notifications are written.
// The transaction only commits if the message was still waiting, so a message is applied at most once.

export type ApplyOutcome =
  | { status: 'applied'; outcome: 'reply' | 'ticket' | 'automatic' | 'duplicate' | 'bounce'; ticketId: number | null; reason?: string }
  | { status: 'refused'; outcome: 'refused'; ticketId: number | null; reason: string; refusal: InboundRefusal };

export type ApplyOptions = {
  // Admin → Inbound "Add sender as participant and apply": the admin's decision stands in for the setting.
  addSenderAs?: { actor: AuditActor; agentId: number };
  now?: Date;
};

const SUBJECT_MAX = 200;
const BODY_MAX = 50_000;

function ownExclusions(db: Db | Tx): Exclusions {
  const env = getEnv();
  const mailFrom = /<([^>]+)>/.exec(env.MAIL_FROM)?.[1] ?? env.MAIL_FROM;
  const imapUser = getImapConfig(db).config?.user;
  return {
    ownAddresses: [mailFrom.trim(), ...(imapUser && imapUser.includes('@') ? [imapUser] : [])],
    ownDomains: env.INBOUND_DOMAIN ? [env.INBOUND_DOMAIN] : [],
    blocklist: getSettings(db).inboundBlocklist,
  };
}

/** The match lookups against the database. */
function matchLookups(db: Db | Tx, settings: Settings, selfId: number) {
  const secret = getAuthSecret();
  return {
    verifyReplyToken: (token: string) => verifyRecipientToken('reply-address', token, secret),
    followReplyToken: (claims: RecipientClaims) => currentRecipientClaims(claims, db),
    finalTicketOf: (ticketId: number) => finalTicketOf(ticketId, db),
    verifyParleyMessageId: (id: string) => verifyParleyMessageId(id, secret),
    receivedMessages: (messageId: string) =>
      db
        .select({ ticketId: inboundMessages.ticketId, fromEmail: inboundMessages.fromEmail })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.messageId, messageId), isNotNull(inboundMessages.ticketId), isNotNull(inboundMessages.fromEmail), ne(inboundMessages.id, selfId)))
        .limit(20)
        .all() as { ticketId: number; fromEmail: string }[],
    ticketNumberedInSubject: (subject: string) => {
      for (const candidate of bracketedTicketNumbers(subject)) {
        const search = parseTicketSearch(candidate, settings);
        if (search.number === null || !search.explicit) continue;
        const row = db.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, search.number)).get();
        if (row) return row.id;
      }
      return null;
    },
    isOnTicket: (ticketId: number, email: string) => {
      const ticket = getTicketWithPeople({ id: ticketId }, db);
      if (!ticket) return false;
      const address = normalizeEmail(email);
      if (ticket.customer.email === address) return true;
      return settings.participantsEnabled && listActiveParticipants({ ticketId }, db).some((p) => p.email === address);
    },
    ticketExists: (ticketId: number) => !!db.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, ticketId)).get(),
  };
}

/** How many messages this sender sent this ticket since the later of ten minutes ago and the last agent action. */
function recentMessagesFromSender(tx: Tx, ticketId: number, email: string, now: Date): number {
  const lastAgentAction =
    tx.select({ at: max(auditLog.createdAt) }).from(auditLog).where(and(eq(auditLog.ticketId, ticketId), eq(auditLog.actorKind, 'agent'))).get()?.at ??
    null;
  const since = Math.max(now.getTime() - FLOOD_WINDOW_MS, lastAgentAction?.getTime() ?? 0);
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(inboundMessages)
      .where(
        and(
          eq(inboundMessages.ticketId, ticketId),
          eq(inboundMessages.fromEmail, email),
          eq(inboundMessages.status, 'applied'),
          gt(inboundMessages.receivedAt, new Date(since)),
        ),
      )
      .get()?.n ?? 0
  );
}

/** Marks the message done; throws (rolling the transaction back) if another run got to it first. */
function finish(tx: Tx, row: InboundMessage, expected: InboundStatus[], result: ApplyOutcome, facts: InboundFacts | null, now: Date): void {
  const updated = tx
    .update(inboundMessages)
    .set({
      status: result.status,
      outcome: result.outcome,
      reason: result.reason ?? null,
      refusal: result.status === 'refused' ? result.refusal : null,
      ticketId: result.ticketId,
      appliedAt: now,
      lastError: null,
      ...(facts ? { fromEmail: facts.from?.email ?? null, subject: facts.subject.slice(0, 300) || null, listMail: isListMail(facts.headers) } : {}),
    })
    .where(and(eq(inboundMessages.id, row.id), inArray(inboundMessages.status, expected)))
    .run();
  if (updated.changes !== 1) throw new AlreadyApplied();
}

/** Another worker run (or an admin) already settled this message; nothing was written. */
export class AlreadyApplied extends Error {
  constructor() {
    super('This message was already applied.');
  }
}

function bodyOf(facts: InboundFacts, files: KeptFiles): string {
  // Extraction leaves nothing when the message only quotes (a notification, say): never store the quote instead.
  const own = withoutPersonalLinks(normalizeLineBreaks(facts.newText), getEnv().APP_URL).trim();
  const text = [own || (files.stored.length > 0 ? '(attachments only)' : '(no text)'), ...files.notes].join('\n\n');
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1)}…` : text;
}

/** Parses, decides and applies one stored message; returns what it did. Safe to call again: it applies at most once. */
export async function applyInboundMessage(db: Db, inboundId: number, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const now = options.now ?? new Date();
  const row = db.select().from(inboundMessages).where(eq(inboundMessages.id, inboundId)).get();
  if (!row) throw new Error(`No inbound message #${inboundId}.`);
  const expected: InboundStatus[] = options.addSenderAs ? ['refused'] : ['pending', 'failed'];
  if (!expected.includes(row.status)) throw new AlreadyApplied();

  const facts = await parseInboundMessage(row.raw);
  // Files go into the attachment store before the transaction (writing them is async); a file whose row never
  // commits is removed by the store's sweep.
  const files = await storeFiles(facts);
  return db.transaction((tx) => {
    const result = decideAndWrite(tx, row, facts, files, options, now);
    finish(tx, row, expected, result, facts, now);
    // An admin's second look (add and apply) that is refused again answers nobody: the first refusal did.
    if (result.status === 'refused' && !options.addSenderAs) answerRefusedSender(tx, row, facts, result.refusal, now);
    return result;
  });
}

/** The polite automatic answer to a refused sender, when they earn one (lib/mail/inbound/auto-answer.ts). */
function answerRefusedSender(tx: Tx, row: InboundMessage, facts: InboundFacts, refusal: InboundRefusal, now: Date): void {
  const fromEmail = facts.fromProblem ? null : (facts.from?.email ?? null);
  const settings = getSettings(tx);
  const domain = fromEmail ? fromEmail.slice(fromEmail.lastIndexOf('@') + 1) : '';
  const queued = queueAutoAnswer(tx, {
    refusal,
    fromEmail,
    fromName: facts.from?.name ?? '',
    headers: facts.headers,
    excluded: fromEmail ? exclusionOf(fromEmail, ownExclusions(tx)) : false,
    dmarc: dmarcVerdict(facts.headers['authentication-results'] ?? [], settings.dmarcAuthservId, domain),
    inboundId: row.id,
    messageId: facts.messageId,
    references: facts.references,
    now,
  });
  if (queued) nudgeOutboxWorker();
}

type KeptFiles = { stored: StoredFile[]; notes: string[] };

/** Up to ATTACHMENTS_PER_REPLY files within the size limit are kept; the reply says which ones were not. */
async function storeFiles(facts: InboundFacts): Promise<KeptFiles> {
  const kept: KeptFiles = { stored: [], notes: [] };
  for (const attachment of facts.attachments) {
    if (kept.stored.length >= ATTACHMENTS_PER_REPLY) {
      kept.notes.push(`[${attachment.filename} was not kept: at most ${ATTACHMENTS_PER_REPLY} files per message]`);
    } else if (attachment.content.length > maxAttachmentBytes()) {
      kept.notes.push(`[${attachment.filename} was not kept: larger than ${formatBytes(maxAttachmentBytes())}]`);
    } else {
      kept.stored.push(await storeAttachmentFile({ data: attachment.content, filename: attachment.filename }));
    }
  }
  return kept;
}

function decideAndWrite(tx: Tx, row: InboundMessage, facts: InboundFacts, files: KeptFiles, options: ApplyOptions, now: Date): ApplyOutcome {
  const settings = getSettings(tx);
  const env = getEnv();
  if (!facts.from || facts.fromProblem) {
    return { status: 'refused', outcome: 'refused', ticketId: null, reason: facts.fromProblem ?? 'The message has no sender address (From).', refusal: 'from' };
  }
  const from = facts.from;

  // The same message through another source (or resent by a server) is applied once. A Message-ID is bound to its
  // sender: another sender's message that used the id first makes nothing a duplicate.
  if (facts.messageId) {
    const earlier = tx
      .select({ id: inboundMessages.id, ticketId: inboundMessages.ticketId })
      .from(inboundMessages)
      .where(
        and(
          eq(inboundMessages.messageId, facts.messageId),
          eq(inboundMessages.fromEmail, from.email),
          eq(inboundMessages.status, 'applied'),
          ne(inboundMessages.id, row.id),
        ),
      )
      .limit(1)
      .get();
    if (earlier) return { status: 'applied', outcome: 'duplicate', ticketId: earlier.ticketId, reason: `Same Message-ID as inbound message #${earlier.id}.` };
  }

  const exclusions = ownExclusions(tx);
  const excluded = exclusionOf(from.email, exclusions);
  const automatic = classifyAutomatic(facts.headers, from.email);
  const dmarc = dmarcVerdict(facts.headers['authentication-results'] ?? [], settings.dmarcAuthservId, from.email.slice(from.email.lastIndexOf('@') + 1));
  const failedDmarc = dmarc === 'fail';

  if (automatic?.kind === 'bounce') return applyBounce(tx, row, facts, automatic);

  const match = matchTicket(
    {
      recipients: facts.recipients,
      references: facts.references,
      subject: facts.subject,
      fromEmail: from.email,
      authenticated: canPickTicketBySubject(inboundTrustOf({ viaReplyAddress: false, dmarc })),
      inboundDomain: env.INBOUND_DOMAIN ?? null,
    },
    matchLookups(tx, settings, row.id),
  );
  if (match.kind === 'stale') {
    return {
      status: 'refused',
      outcome: 'refused',
      ticketId: match.ticketId,
      reason: 'The reply address is no longer valid (the participant was removed, the ticket’s links were replaced, or the customer’s email changed): nothing was added.',
      refusal: 'stale',
    };
  }
  const trust = inboundTrustOf({ viaReplyAddress: match.kind === 'ticket' && match.via === 'reply-address', dmarc });

  if (match.kind === 'new') {
    if (automatic) return { status: 'applied', outcome: 'automatic', ticketId: null, reason: `Automatic message (${automatic.reason}): no ticket opened.` };
    const decision = decideInboundNewTicket({ excluded, dmarcFailed: failedDmarc });
    if (!decision.ok) return { status: 'refused', outcome: 'refused', ticketId: null, reason: decision.reason, refusal: excluded ? 'excluded' : 'dmarc' };
    const subject = (facts.subject || `Email from ${from.email}`).slice(0, SUBJECT_MAX);
    const created = insertTicket(
      tx,
      { subject, message: bodyOf(facts, files), customer: { email: from.email, name: from.name || undefined } },
      { kind: 'public', source: 'email' },
      { inboundMessageId: row.id },
    );
    insertAttachments(tx, { ticketId: created.ticketId, replyId: created.replyId, files: files.stored, addedBy: { kind: 'customer', id: created.customerId, email: from.email } });
    const ticket = getTicketWithPeople({ id: created.ticketId }, tx)!;
    const notAdded = addCopiedPeople(tx, ticket, from, facts, exclusions, settings, { trust, room: PEOPLE_ADDED_PER_MESSAGE, inboundMessageId: row.id });
    return { status: 'applied', outcome: 'ticket', ticketId: created.ticketId, ...(notAdded ? { reason: notAdded } : {}) };
  }

  const ticket = getTicketWithPeople({ id: match.ticketId }, tx)!;
  const participants = listActiveParticipants({ ticketId: ticket.id }, tx);
  const customerWithEmail = getCustomerByEmail({ email: from.email }, tx) ?? null;
  const removed = removedEmails(tx, ticket.id).includes(from.email);
  const decision = decideInboundSender({
    email: from.email,
    excluded,
    dmarcFailed: failedDmarc,
    trust,
    removedFromTicket: removed,
    listOrRobot: looksLikeListOrRobot(from.email, isListMail(facts.headers) || sentListMail(tx, from.email)),
    ticketCustomer: ticket.customer,
    customerWithEmail,
    participants,
    settings,
  });

  if (decision.action === 'refuse' && excluded) return { status: 'refused', outcome: 'refused', ticketId: ticket.id, reason: decision.reason, refusal: 'excluded' };
  if (automatic) {
    // Kept for agents whoever sent it (an out-of-office names nobody new), but it changes nothing and emails nobody.
    const author = decision.action === 'reply' ? authorFor(decision.check, ticket, participants, customerWithEmail) : strangerAuthor(from);
    insertEmailReply(tx, { ticket, row, facts, files: { stored: [], notes: [] }, author, automatic, match, now, quiet: true });
    return { status: 'applied', outcome: 'automatic', ticketId: ticket.id, reason: automatic.reason };
  }

  let author: ReplyAuthor;
  let senderAdded = false;
  if (decision.action === 'refuse' && options.addSenderAs && !failedDmarc && settings.participantsEnabled) {
    author = addSenderAsParticipant(tx, ticket, from, customerWithEmail, options.addSenderAs.actor, options.addSenderAs.agentId);
  } else if (decision.action === 'refuse') {
    return { status: 'refused', outcome: 'refused', ticketId: ticket.id, reason: decision.reason, refusal: refusalOf(failedDmarc, removed) };
  } else if (decision.action === 'add-participant') {
    author = addSenderAsParticipant(tx, ticket, from, customerWithEmail, { kind: 'system' }, null);
    senderAdded = true;
  } else {
    author = authorFor(decision.check, ticket, participants, customerWithEmail);
  }

  const quiet = isFlooding(recentMessagesFromSender(tx, ticket.id, from.email, now) + 1);
  insertEmailReply(tx, { ticket, row, facts, files, author, automatic: null, match, now, quiet });
  const notAdded =
    author.kind === 'customer-self' || author.kind === 'participant'
      ? addCopiedPeople(tx, ticket, { email: from.email, name: author.name }, facts, exclusions, settings, {
          trust,
          room: PEOPLE_ADDED_PER_MESSAGE - (senderAdded ? 1 : 0),
          inboundMessageId: row.id,
        })
      : null;
  const reasons = [quiet ? 'More than 10 messages from this sender in 10 minutes: no notifications until an agent acts.' : null, notAdded].filter(Boolean);
  return { status: 'applied', outcome: 'reply', ticketId: ticket.id, ...(reasons.length > 0 ? { reason: reasons.join(' ') } : {}) };
}

/** Why the sender rule refused: DMARC, a person removed from the ticket, or someone not (yet) on it. */
function refusalOf(failedDmarc: boolean, removed: boolean): InboundRefusal {
  if (failedDmarc) return 'dmarc';
  return removed ? 'removed' : 'sender';
}

type ReplyAuthor = {
  kind: 'customer-self' | 'colleague' | 'participant' | 'stranger';
  authorKind: 'customer' | 'participant';
  authorId: number | null;
  email: string;
  name: string;
};

function authorFor(
  check: { as: 'customer' | 'colleague'; customerId: number } | { as: 'participant'; participantId: number },
  ticket: TicketWithPeople,
  participants: { id: number; email: string; name: string }[],
  customerWithEmail: { id: number; email: string; name: string } | null,
): ReplyAuthor {
  if (check.as === 'participant') {
    const p = participants.find((x) => x.id === check.participantId)!;
    return { kind: 'participant', authorKind: 'participant', authorId: p.id, email: p.email, name: p.name };
  }
  const person = check.as === 'customer' ? ticket.customer : customerWithEmail!;
  return { kind: check.as === 'customer' ? 'customer-self' : 'colleague', authorKind: 'customer', authorId: check.customerId, email: person.email, name: person.name };
}

const strangerAuthor = (from: { email: string; name: string }): ReplyAuthor => ({
  kind: 'stranger',
  authorKind: 'customer',
  authorId: null,
  email: from.email,
  name: from.name || nameFromEmail(from.email),
});

function addSenderAsParticipant(
  tx: Tx,
  ticket: TicketWithPeople,
  from: { email: string; name: string },
  customer: { id: number; name: string } | null,
  actor: AuditActor,
  agentId: number | null,
): ReplyAuthor {
  const name = customer?.name || from.name || nameFromEmail(from.email);
  const id = insertParticipant(tx, { ticketId: ticket.id, email: from.email, name, customerId: customer?.id ?? null, actor, addedByAgentId: agentId, source: 'email' });
  return { kind: 'participant', authorKind: 'participant', authorId: id, email: from.email, name };
}

/** Whether mail from this address ever came with List-Id or Precedence headers (a mailing list). */
function sentListMail(tx: Tx, email: string): boolean {
  return !!tx
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.fromEmail, normalizeEmail(email)), eq(inboundMessages.listMail, true)))
    .limit(1)
    .get();
}

/** List-Id, or Precedence bulk/list/junk: mail from a mailing list. */
const isListMail = (headers: Record<string, string[]>) =>
  (headers['list-id']?.length ?? 0) > 0 || ['bulk', 'list', 'junk'].includes(headers.precedence?.[0]?.trim().toLowerCase() ?? '');

/** The addresses of the people removed from a ticket (inbound mail never adds them back). */
function removedEmails(tx: Tx, ticketId: number): string[] {
  return tx
    .select({ email: participantsTable.email })
    .from(participantsTable)
    .where(and(eq(participantsTable.ticketId, ticketId), isNotNull(participantsTable.removedAt)))
    .all()
    .map((p) => p.email);
}

/**
 * With "add email senders as participants" on, the people a trusted customer or participant wrote to join the ticket,
 * at most `room` of them. Returns what to record about those left out, or null.
 */
function addCopiedPeople(
  tx: Tx,
  ticket: TicketWithPeople,
  sender: { email: string; name: string },
  facts: InboundFacts,
  exclusions: Exclusions,
  settings: Settings,
  limits: { trust: InboundTrust; room: number; inboundMessageId: number },
): string | null {
  const people = copiedPeople({
    toCc: facts.toCc,
    senderEmail: sender.email,
    customerEmail: ticket.customer.email,
    participantEmails: listActiveParticipants({ ticketId: ticket.id }, tx).map((p) => p.email),
    removedEmails: removedEmails(tx, ticket.id),
    exclusions,
  });
  let room = limits.room;
  let skipped = 0;
  for (const person of people) {
    const decision = decideCopiedPerson({
      listOrRobot: looksLikeListOrRobot(person.email, sentListMail(tx, person.email)),
      removedFromTicket: person.removed,
      trust: limits.trust,
      room,
      settings,
    });
    if (decision.action === 'list') {
      if (decision.reason === 'limit') skipped++;
      // Listed for the agents while participants are on ("Cc'd, not on this ticket"); with them off nobody joins by mail.
      if (settings.participantsEnabled) {
        recordCcCandidate(tx, { ticketId: ticket.id, email: person.email, name: person.name, ccBy: sender, inboundMessageId: limits.inboundMessageId, reason: decision.reason });
      }
      continue;
    }
    room--;
    const customer = getCustomerByEmail({ email: person.email }, tx);
    insertParticipant(tx, {
      ticketId: ticket.id,
      email: person.email,
      name: customer?.name || person.name || nameFromEmail(person.email),
      customerId: customer?.id ?? null,
      actor: { kind: 'system' },
      addedByAgentId: null,
      source: 'email',
    });
  }
  return skipped > 0 ? `${skipped} more ${skipped === 1 ? 'address' : 'addresses'} in To/Cc were not added: at most ${PEOPLE_ADDED_PER_MESSAGE} people join from one message.` : null;
}

function insertEmailReply(
  tx: Tx,
  input: {
    ticket: TicketWithPeople;
    row: InboundMessage;
    facts: InboundFacts;
    files: KeptFiles;
    author: ReplyAuthor;
    automatic: AutomaticVerdict;
    match: Extract<TicketMatch, { kind: 'ticket' }>;
    now: Date;
    quiet: boolean;
  },
): void {
  const { ticket, author, automatic } = input;
  // An answer to a side reply stays within its people (and the team).
  const to = answerAudience(answeredReply(tx, ticket.id, input.facts.references), { kind: author.authorKind, personId: author.authorId ?? 0 });
  const reply = tx
    .insert(replies)
    .values({
      ticketId: ticket.id,
      audience: to.audience,
      body: bodyOf(input.facts, input.files),
      authorKind: author.authorKind,
      authorId: author.authorId,
      authorEmail: author.email,
      authorName: author.name,
      source: 'email',
      automatic: automatic !== null,
      inboundMessageId: input.row.id,
      createdAt: input.now,
    })
    .returning({ id: replies.id })
    .get();
  writeReplyRecipients(tx, reply.id, to.audience === 'chosen' ? { ...to, recipients: to.recipients.filter((r) => r.personId > 0) } : to);
  insertAttachments(tx, {
    ticketId: ticket.id,
    replyId: reply.id,
    files: input.files.stored,
    addedBy: { kind: author.authorKind, id: author.authorId, email: author.email },
  });
  const settings = getSettings(tx);
  const reopening = ticket.status === 'closed' && !automatic && settings.customersCanReopen;
  const sideReply = { sideReply: to.audience === 'chosen' };
  if (automatic) touchTicket(tx, ticket.id, undefined, sideReply);
  else touchTicket(tx, ticket.id, ticket.status === 'new' || (ticket.status === 'closed' && !reopening) ? undefined : 'open', sideReply);
  const via = input.match.via === 'reply-address' ? { replyAddressOf: input.match.recipient } : {};
  recordAudit(tx, {
    ticketId: ticket.id,
    actor: { kind: author.authorKind, id: author.authorId, email: author.email },
    action: 'reply.added',
    detail: {
      replyId: reply.id,
      source: 'email',
      matchedBy: input.match.via,
      ...via,
      reopened: reopening,
      ...(automatic ? { automatic: automatic.reason } : {}),
      ...(to.audience === 'chosen' ? { to: to.recipients } : {}),
    },
  });
  recordEvent(tx, { type: 'reply.created', ticketId: ticket.id, replyId: reply.id, ...(input.quiet ? { quiet: true } : {}) });
}

/**
 * The reply of this ticket that an email answers, with its audience: the one that the newest of our notifications it
 * names (In-Reply-To first, then References, newest first; MAC-checked) was about.
 */
function answeredReply(tx: Tx, ticketId: number, references: string[]) {
  const secret = getAuthSecret();
  for (const reference of references) {
    const ours = verifyParleyMessageId(reference, secret);
    if (!ours || ours.outboxId === null || ours.ticketId !== ticketId) continue;
    const sent = tx.select({ payload: outbox.payload, ticketId: outbox.ticketId }).from(outbox).where(eq(outbox.id, ours.outboxId)).get();
    const replyId = sent && sent.ticketId === ticketId ? (JSON.parse(sent.payload) as { replyId?: unknown }).replyId : undefined;
    // The newest of our messages it names decides: one about no reply (a status change) answers to everyone.
    if (typeof replyId !== 'number') return null;
    const answered = tx.select({ id: replies.id, audience: replies.audience }).from(replies).where(and(eq(replies.id, replyId), eq(replies.ticketId, ticketId))).get();
    return answered ? storedAudience(answered, tx) : null;
  }
  return null;
}

/** A bounce of one of our notifications: that delivery is marked failed (Settings → Emails → Delivery). */
function applyBounce(tx: Tx, row: InboundMessage, facts: InboundFacts, automatic: NonNullable<AutomaticVerdict>): ApplyOutcome {
  const secret = getAuthSecret();
  const rawText = row.raw.toString('utf8');
  const diagnostic = bounceDiagnostic(rawText);
  const domain = senderDomain(getEnv().MAIL_FROM);
  let ticketId: number | null = null;
  const bounced: number[] = [];
  for (const id of [...facts.references, ...referencedParleyIds(rawText)]) {
    const ours = verifyParleyMessageId(id, secret);
    if (!ours || ours.outboxId === null || !id.endsWith(`@${domain}`)) continue;
    const updated = tx
      .update(outbox)
      .set({ status: 'failed', lastError: diagnostic })
      .where(and(eq(outbox.id, ours.outboxId), eq(outbox.ticketId, ours.ticketId)))
      .returning({ id: outbox.id, ticketId: outbox.ticketId, toEmail: outbox.toEmail })
      .get();
    if (!updated) continue;
    bounced.push(updated.id);
    ticketId = updated.ticketId;
    recordAudit(tx, { ticketId, actor: { kind: 'system' }, action: 'email.bounced', detail: { outboxId: updated.id, to: updated.toEmail, reason: diagnostic } });
  }
  return {
    status: 'applied',
    outcome: 'bounce',
    ticketId,
    reason: bounced.length > 0 ? `${diagnostic} (email ${bounced.map((id) => `#${id}`).join(', ')})` : `Automatic message (${automatic.reason}) about no email of ours.`,
  };
}

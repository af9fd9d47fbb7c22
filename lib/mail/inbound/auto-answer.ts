import { lte } from 'drizzle-orm';
import { inboundAutoAnswers, outbox, type InboundRefusal } from '@/db/schema';
import type { Tx } from '@/lib/core/db';
import { classifyAutomatic } from '@/lib/mail/inbound/automatic';

// The polite automatic answer to someone whose email was refused (RFC 3834): "your email was not added; the team
// has been told". At most one per address per day, and never to automatic mail (auto-replies, bulk and list mail,
// bounces, no-reply addresses), to Parley's own addresses, the blocklist, or a sender whose mail failed DMARC — so
// two robots never loop and a forged From gets at most one short note a day.

export const AUTO_ANSWER_EVERY_MS = 24 * 60 * 60 * 1000;

/** The refusals a person can do something about: write from the address on the ticket, or wait for the team. */
const ANSWERED_REFUSALS: readonly InboundRefusal[] = ['sender', 'removed', 'stale'];

const LIST_HEADERS = ['list-id', 'list-unsubscribe', 'list-post', 'list-help', 'list-owner', 'list-archive', 'list-subscribe'];

// Addresses nobody reads (RFC 3834 §2: responders avoid them): no-reply in any spelling, the mail system's own,
// and mailing-list robots (`owner-…`, `…-request`, `…-bounces`).
const NO_REPLY_LOCAL = /no[-_.]?reply|do[-_.]?not[-_.]?reply|^(bounces?|mailer[-_]?daemon|mail[-_]?daemon|postmaster|listserv|majordomo|daemon|owner-.+|.+-(request|owner|bounces?))([+].*)?$/;

/** Whether an address is one nobody reads (noreply@, mailer-daemon@, a list's -request address). */
export function isNoReplyAddress(email: string): boolean {
  const local = email.slice(0, email.lastIndexOf('@')).toLowerCase();
  return NO_REPLY_LOCAL.test(local);
}

export type AutoAnswerInput = {
  refusal: InboundRefusal;
  fromEmail: string | null;
  // Each header's values by lower-case name (InboundFacts.headers).
  headers: Record<string, string[]>;
  excluded: false | 'own-address' | 'blocklist';
  dmarc: 'pass' | 'fail' | 'none';
};

export type AutoAnswerVerdict = { answer: true } | { answer: false; why: string };

/** Whether a refused message earns its sender an automatic answer (before the once-a-day limit). */
export function autoAnswerVerdict(input: AutoAnswerInput): AutoAnswerVerdict {
  if (!ANSWERED_REFUSALS.includes(input.refusal)) return { answer: false, why: `refused as ${input.refusal}` };
  if (!input.fromEmail) return { answer: false, why: 'no sender address' };
  if (input.excluded) return { answer: false, why: input.excluded === 'blocklist' ? 'blocked sender' : 'Parley’s own address' };
  if (input.dmarc === 'fail') return { answer: false, why: 'DMARC failed' };
  const automatic = classifyAutomatic(input.headers, input.fromEmail);
  if (automatic) return { answer: false, why: `automatic mail (${automatic.reason})` };
  const list = LIST_HEADERS.find((name) => (input.headers[name]?.length ?? 0) > 0);
  if (list) return { answer: false, why: `list mail (${list})` };
  if (isNoReplyAddress(input.fromEmail)) return { answer: false, why: 'a no-reply address' };
  return { answer: true };
}

/**
 * Claims today's answer to this address: true (and the claim written) when none went out in the last 24 hours.
 * Called in the transaction that queues the answer, so two messages at once still get one answer.
 */
export function claimAutoAnswer(tx: Tx, email: string, now: Date): boolean {
  const result = tx
    .insert(inboundAutoAnswers)
    .values({ email, answeredAt: now })
    .onConflictDoUpdate({
      target: inboundAutoAnswers.email,
      set: { answeredAt: now },
      setWhere: lte(inboundAutoAnswers.answeredAt, new Date(now.getTime() - AUTO_ANSWER_EVERY_MS)),
    })
    .run();
  return result.changes === 1;
}

/** What the answer threads under: the refused message and what it referred to (RFC 5322 References order). */
export type AutoAnswerPayload = { inboundId: number; inReplyTo: string | null; references: string[] };

/** The References of an answer to a message: its own References (oldest first) and then its Message-ID, at most 10. */
export function answerReferences(messageId: string | null, referencesNewestFirst: string[]): string[] {
  const ids = [...referencesNewestFirst].reverse();
  if (messageId) ids.push(messageId);
  return [...new Set(ids.filter(isHeaderSafeMessageId))].slice(-10);
}

/** A Message-ID (without angle brackets) that can go into a header as it is: one `left@right` word. */
export const isHeaderSafeMessageId = (id: string) => /^[\x21-\x7e]{1,250}$/.test(id) && /^[^<>()\[\]\\,;:"@]+@[^<>()\[\]\\,;:"@]+$/.test(id);

/**
 * Queues the answer to a refused message when its sender earns one and none went out to them today. Returns whether
 * it was queued. Runs inside the transaction that records the refusal.
 */
export function queueAutoAnswer(
  tx: Tx,
  input: AutoAnswerInput & { inboundId: number; fromName: string; messageId: string | null; references: string[]; now: Date },
): boolean {
  if (!autoAnswerVerdict(input).answer || !input.fromEmail) return false;
  if (!claimAutoAnswer(tx, input.fromEmail, input.now)) return false;
  const inReplyTo = input.messageId && isHeaderSafeMessageId(input.messageId) ? input.messageId : null;
  const payload: AutoAnswerPayload = { inboundId: input.inboundId, inReplyTo, references: answerReferences(inReplyTo, input.references) };
  tx.insert(outbox)
    .values({ ticketId: null, template: 'inbound_refused', toEmail: input.fromEmail, toName: input.fromName, recipientKind: 'customer', recipientId: null, payload: JSON.stringify(payload) })
    .run();
  return true;
}

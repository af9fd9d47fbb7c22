import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { inboundMessages, type InboundSource } from '@/db/schema';
import type { DbOrTx } from '@/lib/core/db';
import { peekHeaders } from '@/lib/mail/inbound/parse';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';

// Durable intake: every source stores the whole message here, and only after this commit does it acknowledge it
// (answers the webhook, advances its IMAP cursor, exits 0 to the MTA). Applying happens later, in the worker.

export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

export type IntakeResult = { id: number; stored: boolean };

/** Stores one message once per source id; a redelivery returns the row already stored. */
export function storeInboundMessage(db: DbOrTx, input: { source: InboundSource; sourceId: string; raw: Buffer }): IntakeResult {
  if (input.raw.length === 0) throw new Error('The message is empty.');
  if (input.raw.length > MAX_INBOUND_BYTES) throw new Error(`The message is larger than ${MAX_INBOUND_BYTES / 1024 / 1024} MB.`);
  const { messageId, fromEmail, subject } = peekHeaders(input.raw);
  const inserted = db
    .insert(inboundMessages)
    .values({ source: input.source, sourceId: input.sourceId, raw: input.raw, messageId, fromEmail, subject })
    .onConflictDoNothing()
    .returning({ id: inboundMessages.id })
    .get();
  if (inserted) {
    // The one nudge wakes every background job, the inbound one included (after the commit).
    nudgeOutboxWorker();
    return { id: inserted.id, stored: true };
  }
  const existing = db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.source, input.source), eq(inboundMessages.sourceId, input.sourceId)))
    .get()!;
  return { id: existing.id, stored: false };
}

/** A piped message has no id of its own: its content is its identity, so piping the same file twice stores it once. */
export const pipeSourceId = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');

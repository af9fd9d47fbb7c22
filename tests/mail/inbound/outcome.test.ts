import { execFileSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inboundMessages, tickets } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { pipeSourceId, storeInboundMessage } from '@/lib/mail/inbound/intake';
import { applyAndDescribe, describeInboundOutcome, readInboundState, type InboundState } from '@/lib/mail/inbound/outcome';
import { processInboundBatch } from '@/lib/mail/inbound/processor';

let counter = 0;
const unique = () => `${Date.now()}-${++counter}`;

function mail({ from, subject, inReplyTo }: { from: string; subject: string; inReplyTo?: string }): Buffer {
  const id = unique();
  return Buffer.from(
    [
      `From: ${from}`,
      'To: support@inbound.parley.test',
      `Subject: ${subject}`,
      `Message-ID: <outcome-${id}@sender.test>`,
      ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`] : []),
      'Date: Wed, 25 Nov 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Hello ${id}.`,
    ].join('\r\n'),
  );
}

const state = (over: Partial<InboundState>): InboundState => ({ id: 7, status: 'applied', outcome: 'reply', reason: null, lastError: null, ticket: 'PAR-1042', ...over });

describe('what the CLI says became of a piped message', () => {
  it('words every outcome, and says who applied it', () => {
    expect(describeInboundOutcome(state({}), 'here')).toBe('Inbound message #7: applied as a reply to PAR-1042.');
    expect(describeInboundOutcome(state({}), 'server')).toBe('Inbound message #7: applied by the server as a reply to PAR-1042.');
    expect(describeInboundOutcome(state({ ticket: '#1042' }), 'server')).toBe('Inbound message #7: applied by the server as a reply to #1042.');
    expect(describeInboundOutcome(state({ outcome: 'ticket', ticket: 'PAR-1043' }), 'here')).toBe('Inbound message #7: applied as new ticket PAR-1043.');
    expect(describeInboundOutcome(state({ outcome: 'duplicate', reason: 'Same Message-ID as inbound message #5.' }), 'server')).toBe(
      'Inbound message #7: applied by the server as a duplicate of an earlier message on PAR-1042: nothing added (Same Message-ID as inbound message #5).',
    );
    expect(describeInboundOutcome(state({ outcome: 'automatic', reason: 'Auto-Submitted: auto-replied' }), 'here')).toBe(
      'Inbound message #7: applied as an automatic reply kept on PAR-1042, notifying nobody (Auto-Submitted: auto-replied).',
    );
    expect(describeInboundOutcome(state({ outcome: 'automatic', ticket: null, reason: 'Automatic message (Precedence: bulk): no ticket opened.' }), 'here')).toBe(
      'Inbound message #7: applied as an automatic message: no ticket opened (Automatic message (Precedence: bulk): no ticket opened).',
    );
    expect(describeInboundOutcome(state({ outcome: 'bounce', ticket: null, reason: '550 User unknown (email #3)' }), 'here')).toBe(
      'Inbound message #7: applied as a bounce (550 User unknown (email #3)).',
    );
    expect(describeInboundOutcome(state({ status: 'refused', outcome: 'refused', reason: 'The sender is not on this ticket.' }), 'server')).toBe(
      'Inbound message #7: refused by the server: The sender is not on this ticket (ticket PAR-1042). It is listed under Admin → Inbound.',
    );
    expect(describeInboundOutcome(state({ status: 'failed', outcome: null, ticket: null, lastError: 'boom' }), 'here')).toBe(
      'Inbound message #7: stored, but applying it failed for good (boom). It is listed under Admin → Inbound, where an admin can retry it.',
    );
    expect(describeInboundOutcome(state({ status: 'pending', outcome: null, ticket: null }), 'earlier')).toBe(
      'Already received as inbound message #7; nothing added this time. It was stored; the server applies it.',
    );
  });

  it('applies a message itself, or reports what the server’s worker did when it applied the message first', async () => {
    const db = getDb();
    const first = mail({ from: `nina-${unique()}@example.test`, subject: 'Printer on fire' });
    const stored = storeInboundMessage(db, { source: 'pipe', sourceId: pipeSourceId(first), raw: first });
    const sentence = await applyAndDescribe(db, stored.id);
    const number = db.select({ number: tickets.number }).from(inboundMessages).innerJoin(tickets, eq(tickets.id, inboundMessages.ticketId)).where(eq(inboundMessages.id, stored.id)).get()!.number;
    expect(sentence).toBe(`Inbound message #${stored.id}: applied as new ticket PAR-${number}.`);

    const customer = db.select({ from: inboundMessages.fromEmail, messageId: inboundMessages.messageId }).from(inboundMessages).where(eq(inboundMessages.id, stored.id)).get()!;
    const reply = mail({ from: customer.from!, subject: `Re: [PAR-${number}] Printer on fire`, inReplyTo: `<${customer.messageId}>` });
    const second = storeInboundMessage(db, { source: 'pipe', sourceId: pipeSourceId(reply), raw: reply });
    // The server's worker claims and applies it before the CLI gets to it.
    await processInboundBatch(db);
    expect(await applyAndDescribe(db, second.id)).toBe(`Inbound message #${second.id}: applied by the server as a reply to PAR-${number}.`);
    expect(readInboundState(db, second.id)).toMatchObject({ status: 'applied', outcome: 'reply', ticket: `PAR-${number}` });
  });

  it('`npm run cli -- inbound` prints it, for a new message and for one received before', () => {
    const raw = mail({ from: `otto-${unique()}@example.test`, subject: 'Piped through the CLI' });
    const cli = () =>
      execFileSync('npx', ['tsx', '--conditions=react-server', 'scripts/cli.ts', 'inbound'], { input: raw, env: { ...process.env }, encoding: 'utf8' }).trim().split('\n').at(-1);
    expect(cli()).toMatch(/^Inbound message #\d+: applied as new ticket PAR-\d+\.$/);
    expect(cli()).toMatch(/^Already received as inbound message #\d+; nothing added this time\. It was applied as new ticket PAR-\d+\.$/);
    // Two runs of the CLI (tsx starting up) take seconds on a busy machine.
  }, 120_000);
});

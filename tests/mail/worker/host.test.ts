import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mailbox, outbox, type Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { systemActor } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { startBackgroundWorker } from '@/lib/mail/worker/host';
import { createTicket } from '@/lib/tickets/tickets';
import { buildWorker } from '@/scripts/build-worker';

// The compiled background thread, as `npm start` builds and runs it, against this file's database.
const workerFile = path.join(process.cwd(), 'node_modules', '.cache', `parley-worker-test-${process.pid}`, 'parley-worker.mjs');
let worker: Worker;
let admin: Agent;

beforeAll(async () => {
  admin = await createAgent({ email: 'thread-admin@team.test', name: 'Thread Admin', password: 'password-123', role: 'admin' }, systemActor);
  await buildWorker(workerFile);
  worker = new Worker(workerFile, { env: process.env });
}, 60_000);

afterAll(async () => {
  await worker?.terminate();
  fs.rmSync(path.dirname(workerFile), { recursive: true, force: true });
});

describe('the background thread', () => {
  it('delivers what the server queues, each message once, after a nudge', async () => {
    const tickets = Array.from({ length: 5 }, (_, i) =>
      createTicket({ subject: `Thread ${i}`, message: 'Queued from the server.', customer: { email: `thread-${i}@customer.test`, name: `Customer ${i}` } }, { kind: 'agent', agent: admin, source: 'api' }),
    );
    worker.postMessage('nudge');
    const rows = () => getDb().select().from(outbox).where(inArray(outbox.ticketId, tickets.map((t) => t.id))).all();
    expect(rows().length).toBeGreaterThanOrEqual(5);
    await vi.waitFor(() => expect(rows().every((r) => r.status === 'sent')).toBe(true), { timeout: 30_000, interval: 100 });

    for (const row of rows()) {
      const copies = getDb().select().from(mailbox).where(eq(mailbox.outboxId, row.id)).all();
      expect(copies).toHaveLength(1);
      expect(copies[0].toAddress).toBe(row.toEmail);
      expect(row.attempts).toBe(1);
    }
    await worker.terminate();
  }, 60_000);

  it('ends by itself, saying so, once it has had nothing to do for a while', async () => {
    const idle = new Worker(workerFile, { env: process.env, workerData: { idleExitMs: 300 } });
    const said: unknown[] = [];
    idle.on('message', (message) => said.push(message));
    const code = await new Promise((resolve) => idle.on('exit', resolve));
    expect(code).toBe(0);
    expect(said).toEqual(['idle']);
  }, 30_000);

  it('is started by the server when mail is queued, again after it ended for lack of work', async () => {
    startBackgroundWorker(workerFile, { idleExitMs: 300, checkMs: 100 });
    const queueAndDeliver = async (subject: string) => {
      const ticket = createTicket({ subject, message: 'Queued.', customer: { email: `${subject.replace(/\W/g, '')}@customer.test` } }, { kind: 'agent', agent: admin, source: 'api' });
      const rows = () => getDb().select().from(outbox).where(eq(outbox.ticketId, ticket.id)).all();
      await vi.waitFor(() => expect(rows().length > 0 && rows().every((r) => r.status === 'sent')).toBe(true), { timeout: 30_000, interval: 100 });
    };
    await queueAndDeliver('First burst');
    // Long enough for the thread to have ended: nothing is pending any more.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await queueAndDeliver('Second burst');
    // Work committed without a nudge (as by another process) is found by the server's own check.
    const before = getDb().select().from(outbox).all().length;
    getDb().update(outbox).set({ status: 'pending', nextAttemptAt: new Date(), attempts: 0 }).where(eq(outbox.id, getDb().select().from(outbox).all()[0].id)).run();
    await vi.waitFor(() => expect(getDb().select().from(outbox).all().every((r) => r.status === 'sent')).toBe(true), { timeout: 30_000, interval: 100 });
    expect(getDb().select().from(outbox).all()).toHaveLength(before);
  }, 90_000);
});

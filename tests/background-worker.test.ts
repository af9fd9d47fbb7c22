import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mailbox, outbox, type Agent } from '@/db/schema';
import { createAgent } from '@/lib/agents';
import { systemActor } from '@/lib/audit';
import { getDb } from '@/lib/db';
import { createTicket } from '@/lib/tickets';
import { buildWorker } from '../scripts/build-worker';

// The compiled background thread, as `npm start` builds and runs it, against this file's database.
const workerFile = path.join(process.cwd(), 'node_modules', '.cache', `parley-worker-test-${process.pid}`, 'parley-worker.mjs');
let worker: Worker;
let admin: Agent;

beforeAll(async () => {
  admin = await createAgent({ email: 'thread-admin@team.test', name: 'Thread Admin', password: 'password123', role: 'admin' }, systemActor);
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
  }, 60_000);
});

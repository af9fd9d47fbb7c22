import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { runCli } from '../e2e/support/cli';
import { actionOutcome, buildActions, callAction } from './support/actions';
import { admin, dataDir, ports, serverEnv } from './support/env';
import { printFigure } from './support/figures';
import { api, pool, send } from './support/http';
import { captured, deliveries, waitForDrain, type OutboxRow } from './support/outbox';
import { servingPid, start, stop, waitUntilUp, type Started } from './support/server';
import { linkToken } from './support/world';

// 1,000 concurrent replies (half through the API, half through personal-link forms), kill -9 of the serving process
// in the middle of the burst, and a restart: every acknowledged reply is stored exactly once with its notifications, the database passes PRAGMA integrity_check, and the emails
// the dead process had claimed are delivered once. This part runs its own server (the same build) and capture server.

const BURST = 1_000;
// The kill comes after this many replies are acknowledged (at most 90%): most of the burst done, the rest in flight.
const KILL_AFTER = 500;
const crashDir = path.join(dataDir, 'crash');
const databasePath = path.join(crashDir, 'parley.db');
const appUrl = `http://127.0.0.1:${ports.crashApp}`;
const captureUrl = `http://127.0.0.1:${ports.crashCapture}`;
const env = serverEnv({ port: ports.crashApp, capturePort: ports.crashCapture, databasePath });
// What `npm start` runs: scripts/server.mjs prepares, then serves from that very process.
const startApp = () => start([process.execPath, 'scripts/server.mjs'], env, path.join(crashDir, 'server.log'));

type Job = { kind: 'api' | 'link'; ticketId: number; link: string; email: string; body: string };
type Outcome = Job & { acknowledged: boolean };

let capture: Started | undefined;
let app: Started | undefined;
test.afterAll(() => {
  stop(app);
  stop(capture);
});

test('burst and crash: acknowledged replies survive kill -9, claimed emails are delivered once', async () => {
  test.setTimeout(480_000);
  capture = start(['npx', 'tsx', 'e2e/support/capture-server.ts'], { CAPTURE_PORT: String(ports.crashCapture) }, path.join(crashDir, 'capture.log'));
  app = startApp();
  await Promise.all([waitUntilUp(captureUrl), waitUntilUp(`${appUrl}/api/health`)]);

  const token = runCli(['create-token', '--email', admin.email, '--name', 'crash part'], databasePath);
  const adminApi = (method: string, p: string, data?: unknown) => api(appUrl, token, method, p, data);
  // Each reply makes one email: an agent's reply to the customer, a customer's reply to the assignee.
  const tickets: { id: number; link: string; email: string }[] = [];
  for (let i = 0; i < 4; i++) {
    const email = `burst-${i}@example.test`;
    const { ticket } = (await adminApi('POST', '/api/v1/tickets', { subject: `Burst ${i}`, message: 'Hello', customer: { email } })) as { ticket: { id: number; customer: { ticketUrl: string } } };
    await adminApi('PATCH', `/api/v1/tickets/${ticket.id}`, { assigneeEmail: admin.email });
    tickets.push({ id: ticket.id, link: linkToken(ticket.customer.ticketUrl), email });
  }
  const linkReply = buildActions().get('app/t/[token]/actions.ts#sendLinkReplyAction')!.id;
  const jobs = (burst: string): Job[] =>
    Array.from({ length: BURST }, (_, i) => ({ kind: i % 2 ? 'link' : 'api', ...tickets[i % tickets.length], ticketId: tickets[i % tickets.length].id, body: `${burst} reply ${i}` }));
  // Every reply in flight at once: one connection each.
  const connections = new http.Agent({ keepAlive: false, maxSockets: BURST });
  const fire = (list: Job[], onAck?: () => void) =>
    pool(list, BURST, async (job): Promise<Outcome> => {
      try {
        const reply =
          job.kind === 'api'
            ? await send(appUrl, { method: 'POST', path: `/api/v1/tickets/${job.ticketId}/replies`, bearer: token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: job.body }) }, { via: connections, timeoutMs: 300_000 })
            : await callAction(appUrl, { actionId: linkReply, page: `/t/${job.link}`, fields: { token: job.link, email: job.email, message: job.body } }, { via: connections, timeoutMs: 300_000 });
        const acknowledged = job.kind === 'api' ? reply.status === 201 : actionOutcome(reply) === 'ok';
        if (acknowledged) onAck?.();
        return { ...job, acknowledged };
      } catch {
        return { ...job, acknowledged: false };
      }
    });

  const db = new Database(databasePath);
  const storedCount = db.prepare('select count(*) from replies where body = ?').pluck();
  const onceCheck = (outcomes: Outcome[]) => outcomes.filter((o) => o.acknowledged && storedCount.get(o.body) !== 1).map((o) => `${o.body}: stored ${storedCount.get(o.body)} times`);

  // One burst. Once KILL_AFTER replies are acknowledged, kill -9 of the serving process at the first moment its
  // email worker holds claimed rows (pending, next attempt pushed a claim window ahead: OUTBOX_CLAIM_MS, 3 s here).
  const pid = servingPid(app.child.pid!);
  let acked = 0;
  let killedAt: number | null = null;
  let claimedAtKill: OutboxRow[] = [];
  const exited = new Promise((resolve) => app!.child.once('exit', resolve));
  const claimedNow = db.prepare("select * from outbox where status = 'pending' and next_attempt_at > ?");
  const killer = setInterval(() => {
    if (acked < KILL_AFTER || killedAt !== null) return;
    const claimed = claimedNow.all(Date.now() + 1_000) as OutboxRow[];
    if (claimed.length === 0 && acked < BURST * 0.9) return;
    process.kill(pid, 'SIGKILL');
    killedAt = Date.now();
    claimedAtKill = claimed;
  }, 5);
  const outcomes = await fire(jobs('burst'), () => {
    acked += 1;
  });
  clearInterval(killer);
  expect(killedAt, 'the server was killed mid-burst').not.toBeNull();
  await exited;
  app = startApp();
  await waitUntilUp(`${appUrl}/api/health`);
  await waitForDrain(db);

  const acknowledged = outcomes.filter((o) => o.acknowledged);
  const notOnce = onceCheck(outcomes);
  const replyIds = new Map((db.prepare('select id, body from replies').all() as { id: number; body: string }[]).map((r) => [r.body, r.id]));
  const notifiedReplies = new Set(
    (db.prepare("select payload from outbox where payload like '%replyId%'").pluck().all() as string[]).map((p) => (JSON.parse(p) as { replyId: number }).replyId),
  );
  const withoutNotification = acknowledged.filter((o) => !notifiedReplies.has(replyIds.get(o.body)!)).map((o) => o.body);
  const integrity = db.pragma('integrity_check', { simple: true });
  const rows = db.prepare('select * from outbox').all() as OutboxRow[];
  const notSent = rows.filter((row) => row.status !== 'sent').length;
  const claimedIds = new Set(claimedAtKill.map((row) => row.id));
  const all = deliveries(rows, await captured(captureUrl));
  const claimed = deliveries(rows.filter((row) => claimedIds.has(row.id)), await captured(captureUrl));
  const storedUnacknowledged = outcomes.filter((o) => !o.acknowledged && storedCount.get(o.body) === 1).length;
  db.close();

  printFigure('burst', `${BURST} concurrent replies (${BURST / 2} API, ${BURST / 2} link form), ${acknowledged.length} acknowledged, ${acknowledged.length - notOnce.length} stored once, ${notOnce.length} not`);
  printFigure(
    'crash',
    `kill -9 after ${acknowledged.length} acknowledged, restart: ${acknowledged.length - notOnce.length} of ${acknowledged.length} acknowledged replies present once (${storedUnacknowledged} in flight also stored), ${withoutNotification.length} without notifications; integrity_check ${integrity}; ${claimedIds.size} emails claimed at the kill: ${claimed.missing.length} missing, ${claimed.duplicated.length} twice; all ${rows.length} emails: ${all.missing.length} missing, ${all.duplicated.length} twice, ${notSent} not sent`,
  );
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(notOnce).toEqual([]);
  expect(withoutNotification).toEqual([]);
  expect(integrity).toBe('ok');
  expect(claimedIds.size, 'emails the killed process had claimed').toBeGreaterThan(0);
  expect(claimed.missing).toEqual([]);
  expect(claimed.duplicated).toEqual([]);
  expect(all.missing).toEqual([]);
  expect(all.duplicated).toEqual([]);
  expect(notSent).toBe(0);
});

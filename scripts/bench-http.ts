// `npm run bench:http`: the production server on the seeded database (DATABASE_PATH, see `npm run seed:bench`), measured
// with autocannon on loopback. Each target runs right after a bare route handler returning constant JSON (the
// framework's ceiling, present only in this benchmark's own build), so ratios hold on a noisy machine. Prints a table
// and writes bench/results.json. Numbers, not assertions: nothing here fails on a missed target.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { BENCH_ADMIN } from './bench-support';

const root = path.resolve(__dirname, '..');
const databasePath = process.env.DATABASE_PATH ? path.resolve(process.env.DATABASE_PATH) : '';
if (!databasePath || !fs.existsSync(databasePath)) {
  console.error('bench:http: set DATABASE_PATH to a database made by `npm run seed:bench -- --tickets 100000`.');
  process.exit(1);
}
const port = Number(process.env.BENCH_PORT ?? 3190);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const base = `http://127.0.0.1:${port}`;
const distDir = '.next-bench';
const secret = process.env.AUTH_SECRET ?? 'bench-http-secret-bench-http-secret-0123456789';
const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_PATH: databasePath,
  PORT: String(port),
  APP_URL: base,
  AUTH_SECRET: secret,
  NEXT_DIST_DIR: distDir,
  PARLEY_BENCH_BUILD: '1',
  // The link-reply burst comes from one address: each request names its own, as a proxy in front would.
  TRUST_PROXY: 'true',
  RESEND_API_KEY: '',
  NEXT_TELEMETRY_DISABLED: '1',
};
Object.assign(process.env, { DATABASE_PATH: databasePath, APP_URL: base, AUTH_SECRET: secret });

type Row = { name: string; connections: number; rps: number; p50: number; p99: number; errors: number; requests: number; bareRps?: number; ratio?: number };
const rows: Row[] = [];
const log = (message: string) => console.log(`bench:http  ${message}`);

// ---- the serving process: cold start and RSS ----

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitHealthy(child: ChildProcess, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the server exited during start-up');
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the server did not become healthy');
}

/** `npm start`'s own command line (its Node flags included), run directly so the child is the serving process. */
function startCommand(): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const [node, ...args] = script.replace(/^exec\s+/, '').split(/\s+/);
  if (node !== 'node') throw new Error(`unexpected start script: ${script}`);
  return args;
}

// ---- load ----

type BenchRequest = { path: string; headers: Record<string, string>; body?: string | Buffer };
type Target = {
  name: string;
  path: string;
  connections?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  setupRequest?: (request: BenchRequest) => BenchRequest;
  // Text a working answer contains (a server action answers 200 with its error state too).
  expect?: string;
};

async function load(target: Target, duration = seconds): Promise<Row> {
  const result = await autocannon({
    url: `${base}${target.path}`,
    connections: target.connections ?? 10,
    duration,
    method: target.method ?? 'GET',
    headers: target.headers,
    requests: target.setupRequest ? [{ setupRequest: target.setupRequest as unknown as autocannon.Request['setupRequest'] }] : undefined,
    timeout: 30,
  });
  return {
    name: target.name,
    connections: target.connections ?? 10,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

/** One request first: a target that answers with an error is reported, not benchmarked as if it worked. */
async function preflight(target: Target) {
  const started = performance.now();
  const request = target.setupRequest?.({ path: target.path, headers: {} });
  const response = await fetch(`${base}${request?.path ?? target.path}`, {
    method: target.method ?? 'GET',
    headers: { ...target.headers, ...request?.headers },
    body: request?.body === undefined ? undefined : new Uint8Array(Buffer.from(request.body)),
    redirect: 'manual',
  });
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  log(`${target.name}: one request → ${response.status}, ${(text.length / 1024).toFixed(0)} KB, ${ms} ms`);
  const json = response.headers.get('content-type')?.includes('json');
  if (!response.ok || (json && /"error":/.test(text.slice(0, 2_000))) || (target.expect && !text.includes(target.expect))) throw new Error(`${target.name} answered ${response.status}: ${text.slice(0, 300)}`);
}

const bare: Target = { name: 'bare route handler', path: '/api/bench-bare' };

/** Waits until requests still in flight from the last load are done (health answers quickly), at most two minutes. */
async function settle() {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok && performance.now() - started < 50) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The target, right after the bare handler at the same concurrency. */
async function measure(target: Target) {
  await settle();
  await preflight(target);
  const ceiling = await load({ ...bare, connections: target.connections }, Math.max(3, Math.round(seconds / 2)));
  const row = await load(target);
  row.bareRps = ceiling.rps;
  row.ratio = ceiling.rps ? row.rps / ceiling.rps : 0;
  rows.push(row);
  log(`${row.name}: ${row.rps} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ${row.errors} errors (bare ${ceiling.rps} req/s)`);
  return row;
}

// ---- fixtures ----

async function signIn(): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': '203.0.113.1' },
    body: new URLSearchParams({ csrfToken, email: BENCH_ADMIN.email, password: BENCH_ADMIN.password, json: 'true' }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in failed (${response.status})`);
  return session.split(';')[0];
}

/** The id Next gave the personal page's reply action (the form posts it in the Next-Action header). */
function linkReplyActionId(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, v]) => v.exportedName === 'sendLinkReplyAction');
  if (!entry) throw new Error('sendLinkReplyAction not found in the server reference manifest');
  return entry[0];
}

/** A reply through a personal link as the browser sends it: React's encoding of (previous state, form data). */
async function linkReplyBody(token: string, email: string): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  form.append('_1_token', token);
  form.append('_1_email', email);
  form.append('_1_message', 'Thanks, that worked. One more question about the invoice: which address should it go to?');
  // The root goes last: the server resolves it as soon as it arrives, with the fields received so far.
  form.append('0', JSON.stringify([{}, '$K1']));
  const request = new Request('http://x', { method: 'POST', body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

const randomAddress = () => `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`;

async function main() {
  log(`building the benchmark's own copy of the app into ${distDir} (when stale)…`);
  const built = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/start.ts', '--build-only'], { cwd: root, env: serverEnv, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');

  const { getDb, getSqlite } = await import('@/lib/core/db');
  const { createApiToken } = await import('@/lib/auth/api-tokens');
  const { ticketUrlFor } = await import('@/lib/participants/link-access');
  const { getTicketWithPeople } = await import('@/lib/tickets/records');
  const sqlite = getSqlite();
  const counts = sqlite.prepare('select (select count(*) from tickets) tickets, (select count(*) from replies) replies, (select count(*) from participants) participants').get() as Record<string, number>;
  const admin = sqlite.prepare('select id from agents where email = ?').get(BENCH_ADMIN.email) as { id: number } | undefined;
  if (!admin) throw new Error('no bench admin: seed the database with `npm run seed:bench`');
  const { token: apiToken } = createApiToken({ agentId: admin.id, label: `bench ${Date.now()}` }, { kind: 'system' });
  const longTicket = getTicketWithPeople({ id: 1 })!;
  const personalPage = new URL(ticketUrlFor(longTicket, { kind: 'customer', id: longTicket.customerId })).pathname;
  const openTickets = (sqlite.prepare("select id from tickets where status != 'closed' and id > 1 order by id limit 50").all() as { id: number }[]).map((r) => getTicketWithPeople({ id: r.id })!);
  const linkBodies = await Promise.all(openTickets.map((t) => linkReplyBody(new URL(ticketUrlFor(t, { kind: 'customer', id: t.customerId })).pathname.split('/t/')[1], t.customer.email)));
  const linkPaths = openTickets.map((t) => new URL(ticketUrlFor(t, { kind: 'customer', id: t.customerId })).pathname);
  const actionId = linkReplyActionId();
  const outboxCounts = sqlite.prepare("select sum(status = 'pending') pending, sum(status = 'sent') sent, (select count(*) from mailbox) mailbox from outbox");
  void getDb;

  log(`starting the server on ${databasePath} (${counts.tickets} tickets, ${counts.replies} replies, ${counts.participants} participants)…`);
  const startedAt = performance.now();
  const server = spawn(process.execPath, startCommand(), { cwd: root, env: serverEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = () => server.exitCode === null && server.kill('SIGTERM');
  server.on('exit', (code, signal) => log(`the server exited (${signal ?? code})`));
  process.on('exit', stop);
  await waitHealthy(server);
  const coldStartMs = Math.round(performance.now() - startedAt);
  const pid = server.pid!;
  let peakRss = rssMb(pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 100);
  log(`healthy after ${coldStartMs} ms`);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const idleRss = rssMb(pid);

  const cookie = await signIn();
  const agent = { cookie };
  const api = { authorization: `Bearer ${apiToken}` };
  // --writes-only: the write bursts and the outbox drain alone (the reads take minutes on a slow machine).
  if (!process.argv.includes('--writes-only')) {
    await measure({ name: 'ticket list', path: '/tickets', headers: agent });
    await measure({ name: 'ticket list, word search', path: '/tickets?q=printer', headers: agent });
    await measure({ name: 'ticket page, 2,000 replies', path: '/tickets/1', headers: agent });
    await measure({ name: 'personal page, 2,000 replies', path: personalPage });
    await measure({ name: 'API GET /tickets/:id', path: `/api/v1/tickets/${openTickets[0].id}`, headers: api });
    await measure({ name: 'API search', path: '/api/v1/tickets?q=printer', headers: api });
    // The worst case for search: a word in four replies of ten (seed:bench's Zipf vocabulary).
    await measure({ name: 'API search, a very common word', path: '/api/v1/tickets?q=thanks', headers: api });
  }
  const readRss = peakRss;

  // Writes, with /api/health measured at the same time and while the notifications they queue are sent.
  const drains: Record<string, unknown>[] = [];
  async function writeBurst(target: Target) {
    const before = outboxCounts.get() as { sent: number };
    const [row, health] = await Promise.all([measure(target), load({ name: `/api/health during "${target.name}"`, path: '/api/health', connections: 1 }, seconds + Math.max(3, Math.round(seconds / 2)))]);
    rows.push(health);
    log(`${health.name}: p50 ${health.p50} ms, p99 ${health.p99} ms`);
    // Drain: health sampled one request at a time, the outbox counted once a second.
    const latencies: number[] = [];
    const rates: number[] = [];
    const drainStart = performance.now();
    let last = outboxCounts.get() as { pending: number; sent: number; mailbox: number };
    const queued = last.pending;
    let nextCount = drainStart + 1_000;
    while (last.pending > 0 && performance.now() - drainStart < 300_000) {
      const t = performance.now();
      await fetch(`${base}/api/health`);
      latencies.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (performance.now() >= nextCount) {
        const now = outboxCounts.get() as typeof last;
        rates.push(now.sent - last.sent);
        last = now;
        nextCount += 1_000;
      }
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
    const sentDuring = (outboxCounts.get() as { sent: number }).sent - before.sent;
    const third = Math.max(1, Math.floor(rates.length / 3));
    const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    const drain = {
      after: target.name,
      queuedAfterBurst: queued,
      sentDuringBurstAndDrain: sentDuring,
      drainSeconds: Math.round(drainSeconds * 10) / 10,
      drainRate: Math.round(queued / Math.max(drainSeconds, 0.001)),
      rateFirstThird: avg(rates.slice(0, third)),
      rateLastThird: avg(rates.slice(-third)),
      mailboxRows: last.mailbox,
      healthDuringDrain: { p50: q(0.5), p99: q(0.99), samples: latencies.length },
    };
    drains.push(drain);
    log(`drain after "${target.name}": ${queued} queued, ${drain.drainSeconds} s, ${drain.drainRate} msg/s (first third ${drain.rateFirstThird}/s, last ${drain.rateLastThird}/s), health p50 ${drain.healthDuringDrain.p50} ms p99 ${drain.healthDuringDrain.p99} ms`);
    return row;
  }

  let next = 0;
  await writeBurst({
    name: 'reply through the API',
    path: '/api/v1/tickets/1/replies',
    method: 'POST',
    connections: 50,
    setupRequest: (request) => ({
      ...request,
      path: `/api/v1/tickets/${openTickets[next++ % openTickets.length].id}/replies`,
      headers: { ...request.headers, ...api, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Thanks for waiting. The replacement ships today; the tracking number follows by email.' }),
    }),
  });
  await writeBurst({
    name: 'reply through a link',
    path: linkPaths[0],
    method: 'POST',
    expect: 'Your reply was sent.',
    connections: 50,
    setupRequest: (request) => {
      const i = next++ % linkBodies.length;
      return {
        ...request,
        path: linkPaths[i],
        headers: { ...request.headers, 'next-action': actionId, origin: base, accept: 'text/x-component', 'content-type': linkBodies[i].contentType, 'x-forwarded-for': randomAddress() },
        body: linkBodies[i].body,
      };
    },
  });

  clearInterval(sampler);
  const endRss = rssMb(pid);
  stop();
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10) },
    database: counts,
    coldStartMs,
    rssMb: { idle: Math.round(idleRss), peakReads: Math.round(readRss), peak: Math.round(peakRss), end: Math.round(endRss) },
    targets: rows.map((r) => ({ ...r, ratio: r.ratio === undefined ? undefined : Math.round(r.ratio * 100) / 100 })),
    outbox: drains,
  };
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  console.log('\n| target | conc. | req/s | p50 ms | p99 ms | errors | × bare |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results.targets) console.log(`| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} |`);
  console.log(`\nserving RSS: idle ${results.rssMb.idle} MB, peak under reads ${results.rssMb.peakReads} MB, peak ${results.rssMb.peak} MB, at the end ${results.rssMb.end} MB; cold start to healthy ${coldStartMs} ms`);
  for (const d of drains) console.log(`outbox after "${d.after}": ${d.queuedAfterBurst} messages drained at ${d.drainRate} msg/s (first third ${d.rateFirstThird}/s, last third ${d.rateLastThird}/s)`);
  console.log(`machine: ${results.machine.cpus} × ${results.machine.model}, ${results.machine.memoryGb} GB, Node ${results.machine.node}, load ${results.machine.loadAverage.join(' ')}`);
  console.log('written to bench/results.json');
  process.exit(0);
}

main().catch((error) => {
  console.error(`bench:http: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});

// `npm run seed:bench -- --tickets 100000`: builds the benchmark database at DATABASE_PATH (a small team after a few
// years): per 100,000 tickets 1,000,000 replies of 200–800 characters, 200,000 participants, 20,000 customers in
// 2,000 companies, and 10 agents. Ticket 1 carries 2,000 replies (the long-conversation benchmark).
// Rows go through the normal tables in big transactions with prepared statements. Plain indexes and the search
// index's triggers are dropped during the load and re-created after it; the search indexes are then filled by one FTS5
// 'rebuild' each, as the migration does for an existing database (ten times faster than a trigger per row).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import bcrypt from 'bcryptjs';
import { BENCH_ADMIN } from './bench-support';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const TICKETS = arg('tickets', 100_000);
if (!Number.isInteger(TICKETS) || TICKETS < 10) throw new Error('--tickets must be a whole number of at least 10');
const scale = TICKETS / 100_000;
const REPLIES = Math.round(1_000_000 * scale);
const CUSTOMERS = Math.max(10, Math.round(20_000 * scale));
const COMPANIES = Math.max(2, Math.round(2_000 * scale));
const AGENTS = 10;
const LONG_TICKET_REPLIES = Math.min(2_000, Math.floor(REPLIES / 2));
const YEARS_MS = 3 * 365 * 24 * 3600_000;

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (message: string) => console.log(`seed:bench ${elapsed().padStart(7)}  ${message}`);

// A deterministic generator: the same --tickets gives the same database.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x80000000;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

// Words follow Zipf's law, as in real text: rank r is used in proportion to 1 / (r + 1). Function words lead
// (“the” is in nearly every reply), support words follow (“printer” is in about one reply in six), then a long tail
// of rarer words (names of products, places and errors, made up from syllables).
const commonWords = 'the to and a of is it for you in on that this we with be are have not please thanks can your was hello i my'.split(' ');
const supportWords = (
  'printer invoice login refund laptop password shipping broken urgent question order account billing screen ' +
  'network router email delivery package update install error crash slow cannot access payment card address ' +
  'warranty return exchange discount subscription cancel renew license server backup restore sync phone tablet regards'
).split(' ');
const syllables = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'bel', 'dri', 'ston', 'ux', 'pa', 'gen', 'tor', 'qui', 'zel', 'mar'];
const rareWords = [...new Set(Array.from({ length: 6_000 }, () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(syllables)).join('')))];
const vocabulary = [...commonWords, ...supportWords, ...rareWords];
const cumulative: number[] = [];
vocabulary.reduce((sum, _, rank) => (cumulative[rank] = sum + 1 / (rank + 1)), 0);
const zipfWord = () => {
  const target = random() * cumulative[cumulative.length - 1];
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] < target) low = middle + 1;
    else high = middle;
  }
  return vocabulary[low];
};
// One long text to cut reply bodies from: cheap to slice.
const corpus = Array.from({ length: 400_000 }, zipfWord).join(' ');
const body = () => {
  const length = 200 + Math.floor(random() * 601);
  const start = Math.floor(random() * (corpus.length - length - 1));
  return corpus.slice(start, start + length);
};
const firstNames = ['Ada', 'Ben', 'Chloe', 'Dan', 'Eve', 'Finn', 'Gia', 'Hugo', 'Iris', 'Jon', 'Kai', 'Lea', 'Max', 'Nia', 'Oli', 'Pia'];
const lastNames = ['Smith', 'Jones', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martin', 'Moreau', 'Rossi', 'Novak', 'Kim', 'Silva'];
const subjects = ['Printer not working', 'Invoice question', 'Cannot log in', 'Refund request', 'Laptop broken', 'Password reset', 'Shipping delay', 'Billing error', 'Router keeps dropping', 'Update failed'];

async function main() {
  const file = process.env.DATABASE_PATH;
  if (!file) throw new Error('Set DATABASE_PATH to the database file to create.');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${path.resolve(file)}${suffix}`, { force: true });
  const { getSqlite } = await import('@/lib/core/db');
  const { writeSettings } = await import('@/lib/core/settings');
  const { getDb } = await import('@/lib/core/db');
  const sqlite = getSqlite();
  log(`migrated ${path.resolve(file)}; seeding ${TICKETS} tickets, ${REPLIES} replies, ${TICKETS * 2} participants, ${CUSTOMERS} customers, ${COMPANIES} companies, ${AGENTS} agents`);

  // Loading speed: no WAL copy of every page, no fsync; plain indexes are built once at the end.
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  sqlite.pragma('temp_store = MEMORY');
  const seededTables = ['agents', 'companies', 'customers', 'tickets', 'replies', 'participants'];
  const indexes = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${seededTables.map(() => '?').join(',')})`)
    .all(...seededTables) as { name: string; sql: string }[];
  const uniqueIndexes = indexes.filter((i) => /^create unique/i.test(i.sql));
  // Unique indexes stay (they check the data); the others are dropped and re-created.
  for (const index of indexes) if (!uniqueIndexes.includes(index)) sqlite.exec(`drop index "${index.name}"`);
  const triggers = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name in (${seededTables.map(() => '?').join(',')})`)
    .all(...seededTables) as { name: string; sql: string }[];
  for (const trigger of triggers) sqlite.exec(`drop trigger "${trigger.name}"`);
  const searchIndexes = (sqlite.prepare("select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%USING fts5(%'").all() as { name: string }[]).map((t) => t.name);

  const now = Date.now();
  const passwordHash = bcrypt.hashSync(BENCH_ADMIN.password, 10);
  sqlite.transaction(() => {
    const insertAgent = sqlite.prepare('insert into agents (email, name, password_hash, role, active, created_at) values (?, ?, ?, ?, 1, ?)');
    insertAgent.run(BENCH_ADMIN.email, 'Bench Admin', passwordHash, 'admin', now - YEARS_MS);
    for (let i = 2; i <= AGENTS; i++) insertAgent.run(`agent${i}@parley.test`, `Agent ${i}`, passwordHash, 'agent', now - YEARS_MS);
    const insertCompany = sqlite.prepare('insert into companies (name, created_at) values (?, ?)');
    for (let i = 1; i <= COMPANIES; i++) insertCompany.run(`Company ${i}`, now - YEARS_MS);
    const insertCustomer = sqlite.prepare('insert into customers (email, name, company_id, created_at) values (?, ?, ?, ?)');
    for (let i = 1; i <= CUSTOMERS; i++) insertCustomer.run(`customer${i}@example.com`, `${pick(firstNames)} ${pick(lastNames)}`, 1 + (i % COMPANIES), now - YEARS_MS);
  })();
  getDb().transaction((tx) => writeSettings(tx, { participantsEnabled: true, copyParticipants: true }));
  log(`${AGENTS} agents, ${COMPANIES} companies, ${CUSTOMERS} customers`);

  const insertTicket = sqlite.prepare(
    'insert into tickets (id, number, subject, status, customer_id, assignee_id, link_version, created_at, updated_at, last_activity_at) values (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)',
  );
  const insertReply = sqlite.prepare(
    'insert into replies (ticket_id, body, private, author_kind, author_id, author_email, author_name, source, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertParticipant = sqlite.prepare('insert into participants (ticket_id, email, name, created_at) values (?, ?, ?, ?)');
  const statuses = ['new', 'open', 'open', 'hold', 'closed', 'closed', 'closed'];
  const otherReplies = REPLIES - LONG_TICKET_REPLIES;
  const CHUNK = 5_000;
  let replies = 0;
  for (let from = 1; from <= TICKETS; from += CHUNK) {
    sqlite.transaction(() => {
      for (let id = from; id < from + CHUNK && id <= TICKETS; id++) {
        const count = id === 1 ? LONG_TICKET_REPLIES : Math.floor((otherReplies * (id - 1)) / (TICKETS - 1)) - Math.floor((otherReplies * (id - 2)) / (TICKETS - 1));
        const createdAt = now - YEARS_MS + Math.floor(((id - 1) / TICKETS) * YEARS_MS);
        const step = Math.max(1, Math.floor((now - createdAt) / (count + 1) / 10));
        const customerId = 1 + ((id * 7919) % CUSTOMERS);
        const customerEmail = `customer${customerId}@example.com`;
        const assignee = random() < 0.2 ? null : 1 + Math.floor(random() * AGENTS);
        const last = createdAt + step * Math.max(0, count - 1);
        insertTicket.run(id, 1000 + id, `${pick(subjects)} ${id}`, pick(statuses), customerId, assignee, createdAt, last, last);
        for (let r = 0; r < count; r++) {
          const byAgent = r % 2 === 1;
          insertReply.run(
            id,
            body(),
            byAgent && random() < 0.1 ? 1 : 0,
            byAgent ? 'agent' : 'customer',
            byAgent ? (assignee ?? 1) : customerId,
            byAgent ? BENCH_ADMIN.email : customerEmail,
            byAgent ? 'Bench Admin' : 'Customer',
            byAgent ? 'web' : 'email',
            createdAt + step * r,
          );
        }
        replies += count;
        for (let p = 1; p <= 2; p++) insertParticipant.run(id, `guest${p}.t${id}@guests.example`, `Guest ${p}`, createdAt);
      }
    })();
    const done = Math.min(TICKETS, from + CHUNK - 1);
    if (done % 20_000 === 0 || done === TICKETS) log(`${done} tickets, ${replies} replies`);
  }

  for (const index of indexes) if (!uniqueIndexes.includes(index)) sqlite.exec(index.sql);
  log(`re-created ${indexes.length - uniqueIndexes.length} indexes`);
  for (const trigger of triggers) sqlite.exec(trigger.sql);
  for (const table of searchIndexes) sqlite.exec(`insert into "${table}" ("${table}") values ('rebuild')`);
  log(`re-created ${triggers.length} triggers; rebuilt the search indexes (${searchIndexes.join(', ')})`);
  sqlite.exec('analyze');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const check = sqlite.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
  sqlite.close();
  log(`done: ${(fs.statSync(path.resolve(file)).size / 1024 / 1024).toFixed(0)} MB; sign in as ${BENCH_ADMIN.email} / ${BENCH_ADMIN.password}`);
}

main().catch((error) => {
  console.error(`seed:bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

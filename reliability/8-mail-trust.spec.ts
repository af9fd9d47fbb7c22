import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { peekHeaders } from '../lib/mail/inbound/parse';
import { signRecipientToken, type RecipientClaims } from '../lib/participants/links';
import { actionOutcome, buildActions, callAction } from './support/actions';
import { openReadOnly } from './support/db';
import { appDatabasePath, appUrl, captureUrl, secret } from './support/env';
import { printFigure } from './support/figures';
import { api, send } from './support/http';
import { readWorld, type World } from './support/world';

// Hostile mail (issue 17): what arrives by email adds nobody, reveals no link and picks no ticket unless its sender is
// trusted — a current reply+ address, or a DMARC pass from the team's own receiving server. Each message is stored
// exactly as intake stores it and applied by the server's own background thread (64 MB heap), then the database and
// the outbox are read. One test (and one figure) per finding of the first section.

const AUTHSERV = 'mx.reliability.test';
const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

type Row = { id: number; status: string; outcome: string | null; reason: string | null; ticket_id: number | null; attempts: number };

let w: World;
let db: Database.Database;
let writer: Database.Database;
const adminApi = <T = unknown>(method: string, path: string, data?: unknown) => api<T>(appUrl, w.adminToken, method, path, data);

/** Stores a message as intake does (lib/mail/inbound/intake.ts) and waits until the server's worker has settled it. */
async function deliver(raw: Buffer, timeout = 60_000): Promise<Row> {
  const { messageId, fromEmail, subject } = peekHeaders(raw);
  const now = Date.now();
  const id = writer
    .prepare(
      `insert into inbound_messages (source, source_id, raw, message_id, from_email, subject, status, attempts, next_attempt_at, received_at)
       values ('pipe', ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    )
    .run(createHash('sha256').update(raw).digest('hex'), raw, messageId, fromEmail, subject, now, now).lastInsertRowid as number;
  await expect.poll(() => (db.prepare('select status from inbound_messages where id = ?').pluck().get(id) as string) !== 'pending', { timeout, intervals: [250, 500, 1000] }).toBe(true);
  return db.prepare('select id, status, outcome, reason, ticket_id, attempts from inbound_messages where id = ?').get(id) as Row;
}

function mail(headers: Record<string, string | string[]>, body = 'Hello.'): Buffer {
  const lines = Object.entries({ To: 'support@inbound.parley.test', Subject: `Trust ${unique()}`, 'Message-ID': `<${unique()}@sender.test>`, ...headers }).flatMap(([name, value]) =>
    [value].flat().map((v) => `${name}: ${v}`),
  );
  return Buffer.from([...lines, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));
}

type TicketView = { id: number; number: string; customer: { id: number; email: string } };
const newTicket = async (label: string) =>
  (await adminApi<{ ticket: TicketView }>('POST', '/api/v1/tickets', { subject: `${label} ${unique()}`, message: 'First message', customer: { email: `${label}-${unique()}@acme.test`, name: 'Carla Customer' } })).ticket;
const addParticipant = async (ticketId: number, email: string) =>
  (await adminApi<{ participant: { id: number } }>('POST', `/api/v1/tickets/${ticketId}/participants`, { email, name: 'Guest' })).participant;

/** The reply+ address or unsubscribe token a notification to this person carries now. */
function tokenFor(purpose: 'reply-address' | 'unsubscribe', ticketId: number, recipient: RecipientClaims['recipient']) {
  const versions = db.prepare('select link_version as linkVersion, customer_link_version as customerLinkVersion from tickets where id = ?').get(ticketId) as { linkVersion: number; customerLinkVersion: number };
  const version = recipient.kind === 'customer' ? versions.customerLinkVersion : versions.linkVersion;
  return signRecipientToken(purpose, { ticketId, recipient, version }, secret);
}
const replyAddress = (ticketId: number, recipient: RecipientClaims['recipient']) => `reply+${tokenFor('reply-address', ticketId, recipient)}@inbound.parley.test`;

const participantsOf = (ticketId: number) => db.prepare('select email from participants where ticket_id = ? and removed_at is null order by id').pluck().all(ticketId) as string[];
const outboxTo = (email: string) => db.prepare('select template from outbox where to_email = ?').pluck().all(email) as string[];
const authenticated = (domain: string) => ({ 'Authentication-Results': `${AUTHSERV}; spf=pass; dmarc=pass (p=reject) header.from=${domain}` });


test.beforeAll(async () => {
  w = readWorld();
  db = openReadOnly(appDatabasePath);
  writer = new Database(appDatabasePath, { fileMustExist: true });
  writer.pragma('busy_timeout = 5000');
  await adminApi('PATCH', '/api/v1/settings', { participantsEnabled: true, autoAddParticipants: true, dmarcAuthservId: AUTHSERV });
});

test.afterAll(async () => {
  await adminApi('PATCH', '/api/v1/settings', { autoAddParticipants: false, dmarcAuthservId: '' });
  writer?.close();
  db?.close();
});

test('trust 1: a forged From with a Cc and a [PAR-n] subject adds nobody and emails no link', async () => {
  const ticket = await newTicket('forged');
  const attacker = `attacker-${unique()}@evil.test`;
  const row = await deliver(mail({ From: `Carla Customer <${ticket.customer.email}>`, Cc: attacker, Subject: `Re: [${ticket.number}] Invoices` }, 'Please add my colleague.'));
  const added = [...participantsOf(ticket.id), ...(row.ticket_id ? participantsOf(row.ticket_id) : [])];
  printFigure('trust 1 forged From', `subject picked the ticket: ${row.ticket_id === ticket.id ? 'yes' : 'no'}, ${added.length} people added, ${outboxTo(attacker).length} emails to the Cc`);
  expect(row.ticket_id).not.toBe(ticket.id);
  expect(added).toEqual([]);
  expect(outboxTo(attacker)).toEqual([]);
});

test('trust 2: a From that is not one plain address, and a DMARC fail hidden by a second header or a comment, are refused', async () => {
  const forged: [string, Buffer][] = [
    ['punycode domain', mail({ From: 'Carla <customer@xn--acme-.com>' })],
    ['Kelvin sign', Buffer.from(`From: Bank <support@\u212Aank.com>\r\nTo: support@inbound.parley.test\r\nSubject: Kelvin ${unique()}\r\n\r\nHi`, 'utf8')],
    ['encoded address', mail({ From: 'Carla <=?utf-8?B?Y3VzdG9tZXJAYWNtZS5jb20=?=>' })],
    ['encoded domain', mail({ From: 'customer@=?utf-8?q?acme.com?=' })],
    ['bare CR', Buffer.from(`From: evil@evil.test\rFrom: Carla <customer@acme.com>\r\nTo: support@inbound.parley.test\r\nSubject: CR ${unique()}\r\n\r\nHi`)],
    ['two addresses', mail({ From: 'evil@evil.test, Carla <customer@acme.com>' })],
    ['second trusted header', mail({ From: `mallory-${unique()}@acme.test`, 'Authentication-Results': [`${AUTHSERV}; dkim=none`, `${AUTHSERV}; dmarc=fail header.from=acme.test`] })],
    ['comment', mail({ From: `mallory-${unique()}@acme.test`, 'Authentication-Results': `${AUTHSERV}; spf=pass (; dmarc=pass header.from=acme.test); dmarc=fail header.from=acme.test` })],
  ];
  const accepted: string[] = [];
  for (const [label, raw] of forged) {
    const row = await deliver(raw);
    if (row.status !== 'refused' || row.ticket_id !== null) accepted.push(`${label}: ${row.status} ${row.outcome}`);
  }
  printFigure('trust 2 From and DMARC', `${forged.length} forged, ${forged.length - accepted.length} refused, ${accepted.length} accepted`);
  expect(accepted).toEqual([]);
});

test('trust 3: a reply that only quotes the notification stores no personal link for everyone to read', async () => {
  const ticket = (await adminApi<{ ticket: TicketView & { customer: { ticketUrl: string } } }>('POST', '/api/v1/tickets', {
    subject: `quote-only ${unique()}`,
    message: 'First message',
    customer: { email: `quote-${unique()}@acme.test`, name: 'Carla Customer' },
  })).ticket;
  const unsubscribe = `${appUrl}/unsubscribe/${tokenFor('unsubscribe', ticket.id, { kind: 'customer', id: ticket.customer.id })}`;
  // What a client sends when the customer adds a file and no words: only the quoted notification, marker first.
  const quoted = ['> ## Reply above this line ##', '>', '> Read the conversation and reply with your personal link:', `> ${ticket.customer.ticketUrl}`, '>', `> Stop emails about this ticket: ${unsubscribe}`].join('\n');
  const row = await deliver(mail({ From: `Carla Customer <${ticket.customer.email}>`, To: replyAddress(ticket.id, { kind: 'customer', id: ticket.customer.id }), Subject: `Re: [${ticket.number}] quote` }, quoted));
  const body = db.prepare('select body from replies where ticket_id = ? order by id desc limit 1').pluck().get(ticket.id) as string;
  const leaked = [ticket.customer.ticketUrl, '/unsubscribe/'].filter((link) => body.includes(link));
  printFigure('trust 3 quote-only reply', `stored as ${JSON.stringify(body)}, ${leaked.length} personal links in it`);
  expect(row.outcome).toBe('reply');
  expect(leaked).toEqual([]);
  expect(body).toMatch(/^\((no text|attachments only)\)$/);
});

test('trust 4: a squatted Message-ID neither draws Dave’s mail to the attacker’s ticket nor makes it a duplicate', async () => {
  const id = unique();
  const squatted = `<dave-${id}@bigco.test>`;
  const attacker = await deliver(mail({ From: `attacker-${id}@evil.test`, 'Message-ID': squatted }));
  expect(attacker.outcome).toBe('ticket');
  const dave = `dave-${id}@bigco.test`;
  const answer = await deliver(mail({ From: dave, 'In-Reply-To': squatted, References: squatted, Subject: 'Re: my password' }, 'The password is hunter2.'));
  const own = await deliver(mail({ From: dave, 'Message-ID': squatted, Subject: 'My own message' }));
  const leaked = db.prepare("select count(*) from replies where ticket_id = ? and body like '%hunter2%'").pluck().get(attacker.ticket_id) as number;
  printFigure('trust 4 Message-ID squatting', `${leaked} replies on the attacker’s ticket, Dave added there: ${participantsOf(attacker.ticket_id!).includes(dave) ? 'yes' : 'no'}, Dave’s own message: ${own.outcome}`);
  expect(answer.ticket_id).not.toBe(attacker.ticket_id);
  expect(leaked).toBe(0);
  expect(participantsOf(attacker.ticket_id!)).toEqual([]);
  expect(own.outcome).toBe('ticket');
});

test('trust 5: an 11.5 MB HTML email is applied by the 64 MB background thread, with the message claimed beside it', async () => {
  test.setTimeout(240_000);
  const paragraph = '<p>Lorem ipsum <b>dolor</b> sit amet, <a href="https://example.test/x">consectetur</a> adipiscing elit.</p>\n';
  const html = `<html><body>${paragraph.repeat(Math.ceil((11.5 * 1024 * 1024) / paragraph.length))}</body></html>`;
  const big = Buffer.from([`From: big-${unique()}@home.test`, 'To: support@inbound.parley.test', `Subject: Big ${unique()}`, 'Content-Type: text/html; charset=utf-8', '', html].join('\r\n'));
  const [bigRow, small] = await Promise.all([deliver(big, 200_000), deliver(mail({ From: `small-${unique()}@home.test` }), 200_000)]);
  printFigure('trust 5 poison message', `${(big.length / 1024 / 1024).toFixed(1)} MB HTML: ${bigRow.status} after ${bigRow.attempts} attempt(s); the small one beside it: ${small.status}`);
  expect(bigRow).toMatchObject({ status: 'applied', attempts: 1 });
  expect(small).toMatchObject({ status: 'applied', attempts: 1 });
});

test('trust 6: email does not undo removals, email changes and rotation; stale unsubscribe tokens are refused', async () => {
  const actions = buildActions();
  const asAdmin = (key: string, page: string, fields: Record<string, string>) => callAction(appUrl, { actionId: actions.get(key)!.id, page, fields, cookie: w.adminCookie });
  const ticket = await newTicket('stale');
  const jane = `jane-${unique()}@contractor.test`;
  const janeId = (await addParticipant(ticket.id, jane)).id;
  const janesAddress = replyAddress(ticket.id, { kind: 'participant', id: janeId });
  await adminApi('DELETE', `/api/v1/tickets/${ticket.id}/participants/${janeId}`);
  const removed = await deliver(mail({ From: jane, To: janesAddress }, 'I am back.'));
  const unrelated = await deliver(mail({ From: `other-${unique()}@else.test`, To: janesAddress }, 'Me too.'));

  const customersAddress = replyAddress(ticket.id, { kind: 'customer', id: ticket.customer.id });
  const oldUnsubscribe = tokenFor('unsubscribe', ticket.id, { kind: 'customer', id: ticket.customer.id });
  const newEmail = `changed-${unique()}@acme.test`;
  const change = await asAdmin('app/(agent)/customers/actions.ts#updateCustomerAction', `/customers/${ticket.customer.id}`, { id: String(ticket.customer.id), name: 'Carla Customer', email: newEmail, companyId: '', company: '' });
  expect(actionOutcome(change), change.body.slice(0, 300)).toBe('ok');
  const oldCustomer = await deliver(mail({ From: ticket.customer.email, To: customersAddress }, 'Old address.'));
  const unsubscribe = await send(appUrl, { method: 'POST', path: `/unsubscribe/${oldUnsubscribe}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  const muted = db.prepare('select count(*) from notification_mutes where ticket_id = ?').pluck().get(ticket.id) as number;

  const guest = `guest-${unique()}@else.test`;
  const guestId = (await addParticipant(ticket.id, guest)).id;
  const beforeRotation = replyAddress(ticket.id, { kind: 'participant', id: guestId });
  const rotate = await asAdmin('app/(agent)/tickets/actions.ts#rotateLinksAction', `/tickets/${ticket.id}`, { ticketId: String(ticket.id) });
  expect(actionOutcome(rotate), rotate.body.slice(0, 300)).toBe('ok');
  const rotated = await deliver(mail({ From: `third-${unique()}@else.test`, To: beforeRotation }, 'Old link.'));

  const refusals = [removed, unrelated, oldCustomer, rotated].filter((row) => row.status === 'refused' && row.ticket_id === ticket.id).length;
  const people = participantsOf(ticket.id);
  printFigure('trust 6 stale addresses', `4 stale reply+ addresses, ${refusals} refused and listed, ${people.length - 1} people added; old unsubscribe token: ${unsubscribe.status}, ${muted} muted`);
  expect(refusals).toBe(4);
  expect(people).toEqual([guest]);
  expect(unsubscribe.status).toBe(404);
  expect(muted).toBe(0);
});

test('trust 8: one message adds at most 10 people, and no name in the emails they get carries a link', async () => {
  const ticket = await newTicket('relay');
  const id = unique();
  const cc = Array.from({ length: 40 }, (_, i) => `"Verify your account at https://evil.test/${i} ${'x'.repeat(120)}" <victim${i}-${id}@else.test>`).join(', ');
  // Cc'd people join by mail only while people on a ticket may add people (issue 18); the rest are listed.
  await adminApi('PATCH', '/api/v1/settings', { participantsMayAddPeople: true });
  await deliver(mail({ From: ticket.customer.email, To: replyAddress(ticket.id, { kind: 'customer', id: ticket.customer.id }), Cc: cc }));
  await adminApi('PATCH', '/api/v1/settings', { participantsMayAddPeople: false });
  const names = db.prepare('select name from participants where ticket_id = ?').pluck().all(ticket.id) as string[];
  const overCap = db.prepare("select count(*) from cc_candidates where ticket_id = ? and reason = 'limit'").pluck().get(ticket.id) as number;
  const longest = Math.max(0, ...names.map((n) => n.length));
  const withLink = names.filter((n) => /evil|https?:/.test(n)).length;
  printFigure('trust 8 phishing relay', `40 Cc addresses, ${names.length} added, ${overCap} listed as Cc'd over the cap, longest name ${longest} characters, ${withLink} names with a link`);
  expect(overCap).toBe(30);
  expect(names).toHaveLength(10);
  expect(longest).toBeLessThanOrEqual(100);
  expect(withLink).toBe(0);
});

test('trust 9: a display name holding an address never reaches a subject', async () => {
  const ticket = await newTicket('names');
  const before = db.prepare('select coalesce(max(id), 0) from outbox').pluck().get() as number;
  await deliver(mail({ From: `"Carla Customer <${ticket.customer.email}>" <evil2-${unique()}@x.test>`, To: replyAddress(ticket.id, { kind: 'customer', id: ticket.customer.id }) }, 'Look at this.'));
  // Subjects are written when each email is sent: read what the provider received.
  const rows = db.prepare("select id, to_email from outbox where ticket_id = ? and id > ? and template = 'agent_new_reply'").all(ticket.id, before) as { id: number; to_email: string }[];
  expect(rows.length).toBeGreaterThan(0);
  await expect.poll(() => db.prepare(`select count(*) from outbox where id in (${rows.map((r) => r.id).join(',')}) and status = 'pending'`).pluck().get(), { timeout: 60_000 }).toBe(0);
  const messages = (JSON.parse((await send(captureUrl, { path: '/__messages' })).body) as { messages: { body: { to: string | string[]; subject: string } }[] }).messages;
  const subjects = messages.filter((m) => rows.some((r) => [m.body.to].flat().includes(r.to_email)) && m.body.subject.includes(ticket.number)).map((m) => m.body.subject);
  // An address is what a forged name would smuggle in (the ticket prefix may hold a '<' another part typed).
  const addressLike = subjects.filter((s) => /@/.test(s));
  printFigure('trust 9 names in subjects', `${subjects.length} subjects, ${addressLike.length} with an address`);
  expect(subjects.length).toBeGreaterThan(0);
  expect(addressLike).toEqual([]);
});

test('trust 10: a restricted agent’s live list version stays put when a hidden ticket gets a private note', async () => {
  const poll = async (cookie: string) => (JSON.parse((await send(appUrl, { path: '/api/live/tickets', cookie })).body) as { version: number }).version;
  const restricted = w.credentials.restrictedAgent.cookie!;
  // A ticket of its own, assigned to another agent, with agents restricted: what earlier parts did to the world's
  // tickets and settings does not matter here.
  await adminApi('PATCH', '/api/v1/settings', { restrictAgentsToAssigned: true });
  const hidden = await newTicket('hidden');
  await adminApi('PATCH', `/api/v1/tickets/${hidden.id}`, { assigneeEmail: w.agentEmails.agent });
  const before = await poll(restricted);
  const adminBefore = await poll(w.adminCookie);
  await new Promise((resolve) => setTimeout(resolve, 10));
  await adminApi('POST', `/api/v1/tickets/${hidden.id}/replies`, { message: `Hidden note ${unique()}`, private: true });
  // Other mail of this part may still touch tickets the agent does see meanwhile: the version is compared with what
  // the tickets visible to them say at that moment (read before and after the poll, and taken when both agree).
  const restrictedId = w.agents.restrictedAgent;
  const visibleVersion = () =>
    db.prepare('select coalesce(max(updated_at), 0) from tickets where assignee_id is null or assignee_id = ?').pluck().get(restrictedId) as number;
  let after = 0;
  let expected = -1;
  for (let attempt = 0; attempt < 5 && after !== expected; attempt++) {
    const first = visibleVersion();
    after = await poll(restricted);
    expected = visibleVersion() === first ? first : -1;
  }
  const hiddenAt = db.prepare('select updated_at from tickets where id = ?').pluck().get(hidden.id) as number;
  const adminAfter = await poll(w.adminCookie);
  printFigure('trust 10 live version', `hidden ticket noted: restricted agent’s version ${after === before ? 'unchanged' : after === hiddenAt ? 'moved with it' : 'moved with a visible ticket only'}, admin’s ${adminAfter > adminBefore ? 'moved' : 'unchanged'}`);
  expect(adminAfter).toBeGreaterThan(adminBefore);
  expect(after).not.toBe(hiddenAt);
  expect(after).toBe(expected);
});

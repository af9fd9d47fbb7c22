// The authorisation matrix's expected table: for every API route, page and server action, who may use it.
// Written down by hand from the product rules (README, issue 10), never derived from the code. Adding a route is one
// row here; matrix.spec.ts fails naming any route, page or action of the build that no row covers.
//
// `covers` names what a row exercises: the build's app path (`/api/v1/tickets/route`, `/t/[token]/page`) or the
// action (`app/t/[token]/actions.ts#leaveTicketAction`). `allow` lists who must get through; everyone else must be
// refused. A page counts as shown only when its answer is a 200 that contains `proof` (something only that page
// shows); an API call when it answers 2xx; an action when it returns success or redirects elsewhere than sign-in.
import Database from 'better-sqlite3';
import { admin, appDatabasePath, appUrl } from './support/env';
import { multipart, send as sendRequest } from './support/http';
import { agentPassword, type Credentials, type Principal, type World } from './support/world';

export type Ctx = { w: World; who: Credentials; unique: string; prepared: unknown };
type HttpCall = {
  kind: 'http';
  method?: string;
  path: (c: Ctx) => string;
  json?: (c: Ctx) => unknown;
  // A body other than JSON (multipart uploads), with its content-type header.
  form?: (c: Ctx) => { headers: Record<string, string>; body: Buffer };
  // Pages: text that only the allowed answer contains; `redirect`: only a redirect counts, `orRedirect`: one counts too.
  proof?: (w: World) => string;
  redirect?: true;
  orRedirect?: true;
};
// Form actions get `fields` (as useActionState sends them); others their plain arguments, `args`.
type ActionCall = { kind: 'action'; action: string; page: (c: Ctx) => string; fields: (c: Ctx) => Record<string, string>; args?: (c: Ctx) => unknown[] };
export type Row = {
  covers: string;
  name: string;
  allow: readonly Principal[];
  call: HttpCall | ActionCall;
  // Runs before each principal's call (as the admin, through the API) to put the target back in the state the call needs.
  prepare?: (w: World, api: AdminApi) => Promise<unknown>;
  // The call ends the principal's sessions: the matrix signs them in again afterwards for the rows and parts that follow.
  endsSessions?: true;
};
export type AdminApi = (method: string, path: string, data?: unknown) => Promise<Record<string, unknown>>;

const everyone: readonly Principal[] = ['anonymous', 'customer', 'participant', 'removedParticipant', 'agent', 'restrictedAgent', 'admin', 'revokedToken', 'deactivatedAgent'];
const linkHolders: readonly Principal[] = ['customer', 'participant'];
// Every active agent; restricted agents included (customers, companies, their own lists).
const agents: readonly Principal[] = ['agent', 'restrictedAgent', 'admin'];
// Those who may see and work the matrix ticket: its assignee and admins (restricted agents are kept out).
const ticketWorkers: readonly Principal[] = ['agent', 'admin'];
const admins: readonly Principal[] = ['admin'];
const nobody: readonly Principal[] = [];

const T = (c: Ctx) => c.w.ticket.id;
// A conversation cursor (lib/tickets/tickets.ts: base64url of `<ms>.<id>`) after every reply: "the replies before it" is all of them.
const olderThanAll = Buffer.from('9999999999999.999999999').toString('base64url');
const get = (path: (c: Ctx) => string, proof?: (w: World) => string): HttpCall => ({ kind: 'http', path, proof });
const send = (method: string, path: (c: Ctx) => string, json: (c: Ctx) => unknown): HttpCall => ({ kind: 'http', method, path, json });
const action = (file: string, name: string, page: ActionCall['page'], fields: ActionCall['fields']): ActionCall => ({ kind: 'action', action: `${file}#${name}`, page, fields });
const ticketAction = (name: string, fields: ActionCall['fields']) => action('app/(agent)/tickets/actions.ts', name, (c) => `/tickets/${T(c)}`, fields);
const linkAction = (file: string, name: string, fields: ActionCall['fields'] = () => ({})) =>
  action(file, name, (c) => `/t/${c.who.link}`, (c) => ({ token: c.who.link ?? '', ...fields(c) }));
const adminAction = (file: string, name: string, page: string, fields: ActionCall['fields']) => action(file, name, () => page, fields);
const setStatus = (status: string) => (w: World, api: AdminApi) => api('PATCH', `/api/v1/tickets/${w.ticket.id}`, { status });
const freshParticipant = async (w: World, api: AdminApi) =>
  ((await api('POST', `/api/v1/tickets/${w.ticket.id}/participants`, { email: `fresh-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test` })) as { participant: { id: number } }).participant.id;

const aFile = (c: Ctx, fields: Record<string, string> = {}) => multipart(fields, [{ filename: `matrix-${c.unique}.txt`, type: 'text/plain', content: `file ${c.unique}` }]);
const upload = (path: (c: Ctx) => string): HttpCall => ({ kind: 'http', method: 'POST', path, form: (c) => aFile(c) });
// A fresh file on a note of the matrix ticket (added by the admin), for the rows that remove one.
const freshAttachment = async (w: World) => {
  const form = multipart({ message: 'A file to remove', private: 'true' }, [{ filename: 'remove-me.txt', type: 'text/plain', content: 'remove me' }]);
  const reply = await sendRequest(appUrl, { method: 'POST', path: `/api/v1/tickets/${w.ticket.id}/replies`, bearer: w.adminToken, ...form });
  if (reply.status !== 201) throw new Error(`adding a file answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  return (JSON.parse(reply.body) as { reply: { attachments: { id: number }[] } }).reply.attachments[0].id;
};

// A fresh file on a side reply to the matrix ticket's customer only (added by the admin).
const sideReplyAttachment = async (w: World) => {
  const form = multipart({ message: 'For the customer only', to: 'customer' }, [{ filename: 'side.txt', type: 'text/plain', content: 'side reply file' }]);
  const reply = await sendRequest(appUrl, { method: 'POST', path: `/api/v1/tickets/${w.ticket.id}/replies`, bearer: w.adminToken, ...form });
  if (reply.status !== 201) throw new Error(`adding a side reply answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  return (JSON.parse(reply.body) as { reply: { attachments: { id: number }[] } }).reply.attachments[0].id;
};

// The piped email put back in the state an inbound action needs (written to the database: mail fails or is refused
// only on conditions the suite cannot cause on demand), on its own ticket again (applying it again opens another).
const inboundInState = (status: 'failed' | 'refused') => async (w: World) => {
  const db = new Database(appDatabasePath);
  try {
    db.prepare('update inbound_messages set status = ?, reason = ?, last_error = ?, refusal = ?, dismissed_at = null, ticket_id = ? where id = ?').run(
      status,
      status === 'refused' ? 'The sender is not on this ticket.' : null,
      status === 'failed' ? 'matrix' : null,
      status === 'refused' ? 'sender' : null,
      w.inbound.ticketId,
      w.inbound.id,
    );
  } finally {
    db.close();
  }
};

// Issue 18: a pending "Cc'd, not on this ticket" entry of the matrix ticket, and a participant the customer added
// through their link (only they, and agents, may remove them), written to the database as inbound mail and the link
// would write them.
const freshCcCandidate = async (w: World) => {
  const db = new Database(appDatabasePath);
  try {
    const email = `cc-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    return db
      .prepare("insert into cc_candidates (ticket_id, email, name, cc_by_email, cc_by_name, reason, status, created_at) values (?, ?, '', ?, '', 'not-allowed', 'pending', ?)")
      .run(w.ticket.id, email, w.ticket.customerEmail, Date.now()).lastInsertRowid;
  } finally {
    db.close();
  }
};
const freshPersonAddedByCustomer = async (w: World) => {
  const db = new Database(appDatabasePath);
  try {
    const email = `by-customer-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    return db
      .prepare("insert into participants (ticket_id, email, name, added_by_holder_kind, added_by_holder_id, added_by_holder_name, created_at) values (?, ?, 'Added by the customer', 'customer', ?, ?, ?)")
      .run(w.ticket.id, email, w.ticket.customerId, w.ticket.customerName, Date.now()).lastInsertRowid;
  } finally {
    db.close();
  }
};
const mayAddPeople = (_w: World, api: AdminApi) => api('PATCH', '/api/v1/settings', { participantsMayAddPeople: true });
// The refused-email banner's actions, on the piped email's ticket, for its sender.
const refusedMailAction = (name: string) =>
  action('app/(agent)/tickets/[id]/refused-mail-actions.ts', name, (c) => `/tickets/${c.w.inbound.ticketId}`, (c) => ({ ticketId: String(c.w.inbound.ticketId), email: c.w.inbound.fromEmail }));

// A fresh tag on the agent's own ticket (the rotate-links one, so the matrix ticket stays as it is), by id, for the
// rows that rename, merge or delete one.
const freshTag = async (w: World, api: AdminApi) => {
  const name = `matrix-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  await api('PATCH', `/api/v1/tickets/${w.rotateTicketId}`, { tags: [name] });
  const db = new Database(appDatabasePath, { readonly: true });
  try {
    return (db.prepare('select id from tags where name = ?').get(name) as { id: number }).id;
  } finally {
    db.close();
  }
};

// The defaults (Monday to Friday 9–5 UTC, no targets): putting them changes nothing the other rows see.
const nineToFive = [['09:00', '17:00']];
const noTarget = { firstResponse: null, nextResponse: null, resolution: null };
const matrixServiceLevels = {
  timeZone: 'UTC',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: [],
  targets: { low: noTarget, normal: noTarget, high: noTarget, urgent: noTarget },
  warnBeforeMinutes: 30,
};

// A fresh shared view of the agent `agent`, for the row that deletes one: its owner and admins may.
const freshView = async (w: World) => {
  const db = new Database(appDatabasePath);
  try {
    return db.prepare("insert into saved_views (name, owner_id, shared, query, created_at) values ('Matrix view', ?, 1, '{}', 0)").run(w.agents.agent).lastInsertRowid;
  } finally {
    db.close();
  }
};

// Fresh tickets of the matrix agent (restricted agents may not work them) for the merge and split rows, which change
// their tickets for good: a pair to merge, or a ticket with a second reply to split off.
const freshAgentTicket = async (w: World, api: AdminApi, label: string) => {
  const tag = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const { ticket } = (await api('POST', '/api/v1/tickets', { subject: `Matrix ${label} ${tag}`, message: `First message of ${label}`, customer: { email: `${label}-${tag}@example.test` } })) as { ticket: { id: number } };
  await api('PATCH', `/api/v1/tickets/${ticket.id}`, { assigneeId: w.agents.agent });
  return ticket.id;
};
const freshMergePair = async (w: World, api: AdminApi) => ({ source: await freshAgentTicket(w, api, 'merge-source'), target: await freshAgentTicket(w, api, 'merge-target') });
const freshSplit = async (w: World, api: AdminApi) => {
  const ticketId = await freshAgentTicket(w, api, 'split');
  const { reply } = (await api('POST', `/api/v1/tickets/${ticketId}/replies`, { message: 'A second problem', private: false })) as { reply: { id: number } };
  return { ticketId, replyId: reply.id };
};
const mergePair = (c: Ctx) => c.prepared as { source: number; target: number };
const splitOf = (c: Ctx) => c.prepared as { ticketId: number; replyId: number };
// A fresh webhook (admins' API) to a port nothing listens on, for the rows that read, turn off, resend or delete one.
// It wants only ticket.merged, so the rest of the suite queues nothing for it.
const matrixWebhookUrl = 'http://127.0.0.1:9/matrix-webhook';
const freshWebhook = async (_w: World, api: AdminApi) =>
  ((await api('POST', '/api/v1/webhooks', { url: matrixWebhookUrl, events: ['ticket.merged'] })) as { webhook: { id: number } }).webhook.id;
// …with one delivery in its log, written to the database (the suite cannot raise ticket.merged on demand).
const freshWebhookDelivery = async (w: World, api: AdminApi) => {
  const webhookId = await freshWebhook(w, api);
  const db = new Database(appDatabasePath);
  try {
    const deliveryId = db
      .prepare("insert into webhook_deliveries (webhook_id, event_type, message_id, payload, status, attempts, next_attempt_at, created_at) values (?, 'ticket.merged', ?, '{}', 'sent', 1, 0, 0)")
      .run(webhookId, `msg_matrix_${Date.now()}_${Math.random().toString(36).slice(2)}`).lastInsertRowid;
    return { webhookId, deliveryId: Number(deliveryId) };
  } finally {
    db.close();
  }
};
// Ratings asked of customers (not participants) and the matrix ticket closed: the latest closing's id, which the rating page and action name.
const closedForRating = async (w: World, api: AdminApi) => {
  await api('PATCH', '/api/v1/settings', { askForRating: true, ratingAsksParticipants: false });
  await setStatus('closed')(w, api);
  const db = new Database(appDatabasePath, { readonly: true });
  try {
    return (db.prepare("select max(id) as id from events where ticket_id = ? and type = 'ticket.closed'").get(w.ticket.id) as { id: number }).id;
  } finally {
    db.close();
  }
};

export const matrix: Row[] = [
  // ---- API routes ----
  { covers: '/api/health/route', name: 'GET /api/health', allow: everyone, call: get(() => '/api/health') },
  { covers: '/api/auth/[...nextauth]/route', name: 'GET /api/auth/csrf', allow: everyone, call: get(() => '/api/auth/csrf') },
  { covers: '/api/auth/[...nextauth]/route', name: 'GET /api/auth/providers', allow: everyone, call: get(() => '/api/auth/providers') },
  { covers: '/api/auth/[...nextauth]/route', name: 'GET /api/auth/session (shows the agent)', allow: agents, call: get(() => '/api/auth/session', () => '"email"') },
  { covers: '/api/internal/customers/search/route', name: 'GET /api/internal/customers/search', allow: agents, call: get((c) => `/api/internal/customers/search?q=${encodeURIComponent(c.w.ticket.customerEmail)}`) },
  { covers: '/api/v1/tickets/route', name: 'GET /api/v1/tickets', allow: agents, call: get(() => '/api/v1/tickets') },
  { covers: '/api/v1/tickets/route', name: 'GET /api/v1/tickets lists the matrix ticket', allow: ticketWorkers, call: get((c) => `/api/v1/tickets?q=SECRET-SUBJECT`, (w) => w.ticket.subject) },
  { covers: '/api/v1/tickets/route', name: 'GET /api/v1/tickets?format=csv', allow: agents, call: get(() => '/api/v1/tickets?format=csv') },
  { covers: '/api/v1/tickets/route', name: 'GET /api/v1/tickets?format=csv holds the matrix ticket', allow: ticketWorkers, call: get(() => '/api/v1/tickets?format=csv&q=SECRET-SUBJECT', (w) => w.ticket.subject) },
  { covers: '/api/v1/tickets/route', name: 'POST /api/v1/tickets', allow: agents, call: send('POST', () => '/api/v1/tickets', (c) => ({ subject: `API ticket ${c.unique}`, message: 'Hello', customer: { email: `api-${c.unique}@example.test` } })) },
  { covers: '/api/v1/tickets/[id]/route', name: 'GET /api/v1/tickets/:id', allow: ticketWorkers, call: get((c) => `/api/v1/tickets/${T(c)}`) },
  { covers: '/api/v1/tickets/[id]/route', name: 'PATCH /api/v1/tickets/:id', allow: ticketWorkers, call: send('PATCH', (c) => `/api/v1/tickets/${T(c)}`, () => ({ status: 'open' })) },
  { covers: '/api/v1/tickets/[id]/replies/route', name: 'POST /api/v1/tickets/:id/replies', allow: ticketWorkers, call: send('POST', (c) => `/api/v1/tickets/${T(c)}/replies`, (c) => ({ message: `Note ${c.unique}`, private: true })) },
  { covers: '/api/v1/tickets/[id]/participants/route', name: 'GET /api/v1/tickets/:id/participants', allow: ticketWorkers, call: get((c) => `/api/v1/tickets/${T(c)}/participants`) },
  { covers: '/api/v1/tickets/[id]/participants/route', name: 'POST /api/v1/tickets/:id/participants', allow: ticketWorkers, call: send('POST', (c) => `/api/v1/tickets/${T(c)}/participants`, (c) => ({ email: `added-${c.unique}@example.test` })) },
  { covers: '/api/v1/tickets/[id]/participants/[participantId]/route', name: 'DELETE /api/v1/tickets/:id/participants/:pid', allow: ticketWorkers, prepare: freshParticipant, call: { kind: 'http', method: 'DELETE', path: (c) => `/api/v1/tickets/${T(c)}/participants/${c.prepared}` } },
  { covers: '/api/v1/tickets/[id]/cc-candidates/route', name: 'GET /api/v1/tickets/:id/cc-candidates', allow: ticketWorkers, call: get((c) => `/api/v1/tickets/${T(c)}/cc-candidates`) },
  { covers: '/api/v1/tickets/[id]/cc-candidates/[candidateId]/add/route', name: 'POST /api/v1/tickets/:id/cc-candidates/:cid/add', allow: ticketWorkers, prepare: freshCcCandidate, call: { kind: 'http', method: 'POST', path: (c) => `/api/v1/tickets/${T(c)}/cc-candidates/${c.prepared}/add`, json: () => ({}) } },
  { covers: '/api/v1/tickets/[id]/cc-candidates/[candidateId]/route', name: 'DELETE /api/v1/tickets/:id/cc-candidates/:cid', allow: ticketWorkers, prepare: freshCcCandidate, call: { kind: 'http', method: 'DELETE', path: (c) => `/api/v1/tickets/${T(c)}/cc-candidates/${c.prepared}` } },
  { covers: '/api/v1/tickets/[id]/participants/[participantId]/route', name: 'PATCH /api/v1/tickets/:id/participants/:pid (what they see)', allow: ticketWorkers, prepare: freshParticipant, call: { kind: 'http', method: 'PATCH', path: (c) => `/api/v1/tickets/${T(c)}/participants/${c.prepared}`, json: () => ({ view: 'addressed' }) } },
  { covers: '/api/v1/tickets/[id]/replies/route', name: 'POST /api/v1/tickets/:id/replies (a side reply to the customer only)', allow: ticketWorkers, call: send('POST', (c) => `/api/v1/tickets/${T(c)}/replies`, (c) => ({ message: `Side reply ${c.unique}`, to: 'customer' })) },
  { covers: '/api/v1/customers/route', name: 'GET /api/v1/customers', allow: agents, call: get(() => '/api/v1/customers') },
  { covers: '/api/v1/customers/route', name: 'POST /api/v1/customers', allow: agents, call: send('POST', () => '/api/v1/customers', (c) => ({ email: `customer-${c.unique}@example.test` })) },
  { covers: '/api/v1/companies/route', name: 'GET /api/v1/companies', allow: agents, call: get(() => '/api/v1/companies') },
  { covers: '/api/v1/companies/route', name: 'POST /api/v1/companies', allow: agents, call: send('POST', () => '/api/v1/companies', (c) => ({ name: `Company ${c.unique}` })) },
  { covers: '/api/v1/companies/[id]/route', name: 'GET /api/v1/companies/:id', allow: agents, call: get((c) => `/api/v1/companies/${c.w.ticket.companyId}`, (w) => w.ticket.companyName) },
  { covers: '/api/v1/companies/[id]/route', name: 'PATCH /api/v1/companies/:id', allow: agents, call: send('PATCH', (c) => `/api/v1/companies/${c.w.ticket.companyId}`, (c) => ({ name: c.w.ticket.companyName })) },
  { covers: '/api/v1/settings/route', name: 'GET /api/v1/settings', allow: admins, call: get(() => '/api/v1/settings') },
  { covers: '/api/v1/settings/route', name: 'PATCH /api/v1/settings', allow: admins, call: send('PATCH', () => '/api/v1/settings', () => ({ customersCanReopen: true })) },
  { covers: '/api/v1/settings/service-levels/route', name: 'GET /api/v1/settings/service-levels', allow: admins, call: get(() => '/api/v1/settings/service-levels') },
  { covers: '/api/v1/settings/service-levels/route', name: 'PUT /api/v1/settings/service-levels', allow: admins, call: send('PUT', () => '/api/v1/settings/service-levels', () => matrixServiceLevels) },
  { covers: '/api/internal/saved-replies/route', name: 'GET /api/internal/saved-replies (filled for the matrix ticket)', allow: ticketWorkers, call: get((c) => `/api/internal/saved-replies?ticketId=${T(c)}`) },
  // Live updates: the ticket list's poll is for every agent, a ticket's poll for those who may see the ticket, a
  // personal page's poll for the link's holder (the session or link is checked afresh on every poll).
  { covers: '/api/live/tickets/route', name: 'GET /api/live/tickets', allow: agents, call: get(() => '/api/live/tickets') },
  { covers: '/api/live/tickets/[id]/route', name: 'POST /api/live/tickets/:id', allow: ticketWorkers, call: send('POST', (c) => `/api/live/tickets/${T(c)}`, () => ({ since: 0, activity: 'viewing' })) },
  { covers: '/api/live/link/route', name: 'POST /api/live/link', allow: linkHolders, call: send('POST', () => '/api/live/link', (c) => ({ token: c.who.link ?? '' })) },
  { covers: '/api/v1/tickets/[id]/replies/route', name: 'GET /api/v1/tickets/:id/replies', allow: ticketWorkers, call: get((c) => `/api/v1/tickets/${T(c)}/replies`) },
  { covers: '/api/v1/tickets/[id]/replies/route', name: 'POST /api/v1/tickets/:id/replies (multipart with a file)', allow: ticketWorkers, call: { kind: 'http', method: 'POST', path: (c) => `/api/v1/tickets/${T(c)}/replies`, form: (c) => aFile(c, { message: `Note with a file ${c.unique}`, private: 'true' }) } },
  { covers: '/api/v1/tickets/route', name: 'POST /api/v1/tickets (multipart with a file)', allow: agents, call: { kind: 'http', method: 'POST', path: () => '/api/v1/tickets', form: (c) => aFile(c, { subject: `API ticket with a file ${c.unique}`, message: 'Hello', 'customer.email': `api-file-${c.unique}@example.test` }) } },
  { covers: '/api/v1/attachments/[id]/route', name: 'GET /api/v1/attachments/:id (public reply)', allow: ticketWorkers, call: get((c) => `/api/v1/attachments/${c.w.publicAttachmentId}`) },
  { covers: '/api/v1/attachments/[id]/route', name: 'GET /api/v1/attachments/:id (private note)', allow: ticketWorkers, call: get((c) => `/api/v1/attachments/${c.w.privateAttachmentId}`) },
  // Removing a file for good is for admins.
  { covers: '/api/v1/attachments/[id]/route', name: 'DELETE /api/v1/attachments/:id', allow: admins, prepare: freshAttachment, call: { kind: 'http', method: 'DELETE', path: (c) => `/api/v1/attachments/${c.prepared}` } },
  // Agents upload through their session (the reply form); API clients send multipart to the API itself.
  { covers: '/api/uploads/route', name: 'POST /api/uploads', allow: agents, call: upload(() => '/api/uploads') },
  { covers: '/submit/uploads/route', name: 'POST /submit/uploads', allow: everyone, call: upload(() => '/submit/uploads') },
  { covers: '/t/[token]/uploads/route', name: 'POST /t/<link>/uploads', allow: linkHolders, call: upload((c) => `/t/${c.who.link}/uploads`) },
  { covers: '/t/[token]/files/[id]/route', name: 'GET /t/<link>/files/:id (public reply)', allow: linkHolders, call: get((c) => `/t/${c.who.link}/files/${c.w.publicAttachmentId}`) },
  // A private note's file is never served through a link, whoever holds it.
  { covers: '/t/[token]/files/[id]/route', name: 'GET /t/<link>/files/:id (private note)', allow: nobody, call: get((c) => `/t/${c.who.link}/files/${c.w.privateAttachmentId}`) },
  // A file of a side reply to the customer only: through the customer's link, never the participant's.
  { covers: '/t/[token]/files/[id]/route', name: 'GET /t/<link>/files/:id (side reply to the customer)', allow: ['customer'], prepare: sideReplyAttachment, call: get((c) => `/t/${c.who.link}/files/${c.prepared}`) },
  { covers: '/(agent)/tickets/[id]/files/[attachmentId]/route', name: 'GET /tickets/:id/files/:aid (public reply)', allow: ticketWorkers, call: get((c) => `/tickets/${T(c)}/files/${c.w.publicAttachmentId}`) },
  { covers: '/(agent)/tickets/[id]/files/[attachmentId]/route', name: 'GET /tickets/:id/files/:aid (private note)', allow: ticketWorkers, call: get((c) => `/tickets/${T(c)}/files/${c.w.privateAttachmentId}`) },
  // Without a valid Svix signature (this server has no webhook secret at all) nobody gets an email in.
  { covers: '/api/inbound/resend/route', name: 'POST /api/inbound/resend (unsigned)', allow: nobody, call: send('POST', () => '/api/inbound/resend', (c) => ({ type: 'email.received', data: { email_id: `forged-${c.unique}` } })) },
  { covers: '/unsubscribe/[token]/route', name: 'GET /unsubscribe/<forged>', allow: nobody, call: get((c) => `/unsubscribe/${c.w.ticket.id}-c${c.w.ticket.customerId}-${'0'.repeat(20)}`) },

  // ---- Pages ----
  // The home page only redirects (to the ticket list, or to sign-in): a redirect is all anyone gets.
  { covers: '/page', name: 'GET / (a redirect)', allow: everyone, call: { kind: 'http', path: () => '/', redirect: true } },
  // Signed-in agents are sent on to their tickets; everyone else gets the form.
  { covers: '/invitation/[token]/page', name: 'GET /invitation/<forged>', allow: everyone, call: get(() => '/invitation/1.1.forged', () => 'does not work') },
  { covers: '/confirm-email/[token]/page', name: 'GET /confirm-email/<forged>', allow: everyone, call: get(() => '/confirm-email/e30.forged', () => 'does not work') },
  { covers: '/login/page', name: 'GET /login', allow: everyone, call: { ...get(() => '/login', () => 'Sign in'), orRedirect: true } },
  { covers: '/submit/page', name: 'GET /submit', allow: everyone, call: get(() => '/submit', () => 'Subject') },
  { covers: '/(agent)/tickets/page', name: 'GET /tickets', allow: agents, call: get(() => '/tickets', () => 'Search tickets') },
  { covers: '/(agent)/tickets/page', name: 'GET /tickets lists the matrix ticket', allow: ticketWorkers, call: get(() => '/tickets?q=SECRET-SUBJECT', (w) => w.ticket.subject) },
  { covers: '/(agent)/tickets/export/route', name: 'GET /tickets/export (CSV)', allow: agents, call: get(() => '/tickets/export', () => 'Number,Subject,Status') },
  { covers: '/(agent)/tickets/export/route', name: 'GET /tickets/export holds the matrix ticket', allow: ticketWorkers, call: get(() => '/tickets/export?q=SECRET-SUBJECT', (w) => w.ticket.subject) },
  { covers: '/(agent)/reports/page', name: 'GET /reports', allow: agents, call: get(() => '/reports', () => 'Tickets per day') },
  { covers: '/(agent)/reports/export/route', name: 'GET /reports/export (CSV)', allow: agents, call: get(() => '/reports/export?report=volume', () => 'Day,Created,Closed') },
  { covers: '/(agent)/tickets/[id]/page', name: 'GET /tickets/:id', allow: ticketWorkers, call: get((c) => `/tickets/${T(c)}`, (w) => w.ticket.subject) },
  { covers: '/(agent)/tickets/new/page', name: 'GET /tickets/new', allow: agents, call: get(() => '/tickets/new', () => 'Customer email') },
  { covers: '/(agent)/customers/page', name: 'GET /customers', allow: agents, call: get(() => `/customers`, (w) => w.ticket.customerEmail) },
  { covers: '/(agent)/customers/[id]/page', name: 'GET /customers/:id', allow: agents, call: get((c) => `/customers/${c.w.ticket.customerId}`, (w) => w.ticket.customerEmail) },
  { covers: '/(agent)/companies/page', name: 'GET /companies', allow: agents, call: get(() => '/companies', (w) => w.ticket.companyName) },
  { covers: '/(agent)/companies/[id]/page', name: 'GET /companies/:id', allow: agents, call: get((c) => `/companies/${c.w.ticket.companyId}`, (w) => w.ticket.customerName) },
  { covers: '/(agent)/admin/settings/page', name: 'GET /admin/settings', allow: admins, call: get(() => '/admin/settings', () => 'Require two-factor sign-in') },
  { covers: '/(agent)/admin/settings/tickets/page', name: 'GET /admin/settings/tickets', allow: admins, call: get(() => '/admin/settings/tickets', () => 'Ticket number') },
  { covers: '/(agent)/admin/settings/emails/page', name: 'GET /admin/settings/emails', allow: admins, call: get(() => '/admin/settings/emails', () => 'Failed emails') },
  { covers: '/(agent)/admin/settings/inbound/page', name: 'GET /admin/settings/inbound', allow: admins, call: get(() => '/admin/settings/inbound', () => 'Blocked senders') },
  { covers: '/(agent)/admin/settings/tags/page', name: 'GET /admin/settings/tags', allow: admins, call: get(() => '/admin/settings/tags', () => 'rename, merge and') },
  { covers: '/(agent)/admin/settings/service-levels/page', name: 'GET /admin/settings/service-levels', allow: admins, call: get(() => '/admin/settings/service-levels', () => 'Save service levels') },
  { covers: '/(agent)/admin/agents/page', name: 'GET /admin/agents', allow: admins, call: get(() => '/admin/agents', (w) => w.agentEmails.deactivatedAgent) },
  { covers: '/(agent)/admin/tokens/page', name: 'GET /admin/tokens', allow: admins, call: get(() => '/admin/tokens', (w) => w.spareTokenLabel) },
  { covers: '/(agent)/admin/mailbox/page', name: 'GET /admin/mailbox', allow: admins, call: get(() => '/admin/mailbox', () => 'Email is sent through Resend') },
  // This server sends through Resend, so its mailbox holds no message: the page is a 404 even for admins.
  { covers: '/(agent)/admin/mailbox/[id]/page', name: 'GET /admin/mailbox/1', allow: nobody, call: get(() => '/admin/mailbox/1', () => 'From') },
  { covers: '/(agent)/saved-replies/page', name: 'GET /saved-replies', allow: agents, call: get(() => '/saved-replies', (w) => w.savedReply.title) },
  { covers: '/(agent)/account/page', name: 'GET /account', allow: agents, call: get(() => '/account', () => 'Sessions') },
  { covers: '/(agent)/admin/inbound/page', name: 'GET /admin/inbound?show=all', allow: admins, call: get(() => '/admin/inbound?show=all', (w) => w.inbound.subject) },
  { covers: '/(agent)/admin/inbound/[id]/page', name: 'GET /admin/inbound/:id', allow: admins, call: get((c) => `/admin/inbound/${c.w.inbound.id}`, (w) => w.inbound.subject) },
  // The raw email behind a reply: agents who may see its ticket (the piped ticket is `agent`'s).
  // Merging and splitting change their tickets for good: each call gets fresh tickets of the matrix agent.
  { covers: '/api/v1/tickets/[id]/merge/route', name: 'POST /api/v1/tickets/:id/merge', allow: ticketWorkers, prepare: freshMergePair, call: send('POST', (c) => `/api/v1/tickets/${mergePair(c).source}/merge`, (c) => ({ into: mergePair(c).target })) },
  { covers: '/api/v1/tickets/[id]/split/route', name: 'POST /api/v1/tickets/:id/split', allow: ticketWorkers, prepare: freshSplit, call: send('POST', (c) => `/api/v1/tickets/${splitOf(c).ticketId}/split`, (c) => ({ replyId: splitOf(c).replyId, subject: `Split ${c.unique}`, participants: [] })) },
  { covers: '/(agent)/tickets/[id]/original/[replyId]/page', name: 'GET /tickets/:id/original/:replyId', allow: ticketWorkers, call: get((c) => `/tickets/${c.w.inbound.ticketId}/original/${c.w.inbound.replyId}`, (w) => `Message-ID: &lt;inbound-`) },
  { covers: '/t/[token]/page', name: 'GET /t/<link>', allow: linkHolders, call: get((c) => `/t/${c.who.link}`, (w) => w.ticket.subject) },
  { covers: '/t/[token]/left/page', name: 'GET /t/<link>/left', allow: everyone, call: get((c) => `/t/${c.who.link}/left`, () => 'You have left this ticket') },

  // ---- Server actions ----
  { covers: 'app/submit/actions.ts#submitTicketAction', name: 'submit a ticket', allow: everyone, call: action('app/submit/actions.ts', 'submitTicketAction', () => '/submit', (c) => ({ name: 'Visitor', email: `visitor-${c.unique}@example.test`, subject: `Web ticket ${c.unique}`, message: 'Hello' })) },
  { covers: 'app/t/[token]/actions.ts#sendLinkReplyAction', name: 'reply through a link', allow: linkHolders, call: linkAction('app/t/[token]/actions.ts', 'sendLinkReplyAction', (c) => ({ email: c.who.email ?? c.w.ticket.customerEmail, message: `Link reply ${c.unique}` })) },
  { covers: 'app/t/[token]/people-actions.ts#addPersonAction', name: 'add a person through a link', allow: linkHolders, prepare: mayAddPeople, call: linkAction('app/t/[token]/people-actions.ts', 'addPersonAction', (c) => ({ email: `link-added-${c.unique}@example.test`, name: '' })) },
  // Only the holder who added them (here the customer) removes a participant through a link.
  { covers: 'app/t/[token]/people-actions.ts#removePersonAction', name: 'remove a person one added, through a link', allow: ['customer'], prepare: freshPersonAddedByCustomer, call: linkAction('app/t/[token]/people-actions.ts', 'removePersonAction', (c) => ({ participantId: String(c.prepared) })) },
  // ---- Satisfaction ratings (issue 23): through one's own link. Before the close/reopen rows, which put the matrix
  // ticket's status back; the team asks customers only, so participants see the page but may not rate. ----
  { covers: '/t/[token]/rate/[closing]/page', name: 'GET /t/<link>/rate/:closing', allow: linkHolders, prepare: closedForRating, call: { kind: 'http', path: (c) => `/t/${c.who.link}/rate/${c.prepared}?rating=good`, proof: (w) => w.ticket.subject } },
  { covers: 'app/t/[token]/actions.ts#rateTicketAction', name: 'rate a closing through a link (participants are not asked)', allow: ['customer'], prepare: closedForRating, call: linkAction('app/t/[token]/actions.ts', 'rateTicketAction', (c) => ({ closing: String(c.prepared), rating: 'good', comment: `Matrix ${c.unique}` })) },
  { covers: 'app/t/[token]/actions.ts#changeTicketStatusAction', name: 'close through a link', allow: linkHolders, prepare: setStatus('open'), call: linkAction('app/t/[token]/actions.ts', 'changeTicketStatusAction', () => ({ change: 'close' })) },
  { covers: 'app/t/[token]/actions.ts#changeTicketStatusAction', name: 'reopen through a link', allow: linkHolders, prepare: setStatus('closed'), call: linkAction('app/t/[token]/actions.ts', 'changeTicketStatusAction', () => ({ change: 'reopen' })) },
  { covers: 'app/t/[token]/email-actions.ts#setTicketEmailsAction', name: 'turn emails on through a link', allow: linkHolders, call: linkAction('app/t/[token]/email-actions.ts', 'setTicketEmailsAction', () => ({ enabled: 'on' })) },
  // The same neutral answer whatever is asked: nobody learns who is on the ticket.
  { covers: 'app/t/[token]/actions.ts#requestFreshLinkAction', name: 'ask for a fresh link', allow: everyone, call: linkAction('app/t/[token]/actions.ts', 'requestFreshLinkAction', (c) => ({ email: `nobody-${c.unique}@example.test` })) },
  { covers: 'app/(agent)/tickets/actions.ts#createTicketAction', name: 'create a ticket (agent form)', allow: agents, call: action('app/(agent)/tickets/actions.ts', 'createTicketAction', () => '/tickets/new', (c) => ({ customerEmail: `form-${c.unique}@example.test`, customerName: 'Form Customer', company: '', subject: `Form ticket ${c.unique}`, message: 'Hello' })) },
  { covers: 'app/(agent)/tickets/actions.ts#replyAction', name: 'reply or note on a ticket', allow: ticketWorkers, call: ticketAction('replyAction', (c) => ({ ticketId: String(T(c)), message: `Form note ${c.unique}`, private: 'on' })) },
  { covers: 'app/(agent)/tickets/actions.ts#replyAction', name: 'side reply to the customer (reply box)', allow: ticketWorkers, call: ticketAction('replyAction', (c) => ({ ticketId: String(T(c)), message: `Form side reply ${c.unique}`, to: 'customer' })) },
  {
    covers: 'app/(agent)/tickets/[id]/participant-view-actions.ts#setParticipantViewAction',
    name: 'set what a participant sees',
    allow: ticketWorkers,
    prepare: freshParticipant,
    call: action('app/(agent)/tickets/[id]/participant-view-actions.ts', 'setParticipantViewAction', (c) => `/tickets/${T(c)}`, (c) => ({ ticketId: String(T(c)), participantId: String(c.prepared), view: 'addressed' })),
  },
  { covers: 'app/(agent)/tickets/actions.ts#updateStatusAction', name: 'change a ticket status', allow: ticketWorkers, call: ticketAction('updateStatusAction', (c) => ({ ticketId: String(T(c)), status: 'open' })) },
  { covers: 'app/(agent)/tickets/actions.ts#assignAction', name: 'assign a ticket', allow: ticketWorkers, call: ticketAction('assignAction', (c) => ({ ticketId: String(T(c)), assigneeId: String(c.w.agents.agent) })) },
  { covers: 'app/(agent)/tickets/actions.ts#updatePriorityAction', name: 'change a ticket’s priority', allow: ticketWorkers, call: ticketAction('updatePriorityAction', (c) => ({ ticketId: String(T(c)), priority: 'high' })) },
  // The agent's own ticket (the rotate-links one), so the matrix ticket's status stays as the other rows need it.
  { covers: 'app/(agent)/tickets/actions.ts#snoozeAction', name: 'snooze a ticket', allow: ticketWorkers, call: action('app/(agent)/tickets/actions.ts', 'snoozeAction', (c) => `/tickets/${c.w.rotateTicketId}`, (c) => ({ ticketId: String(c.w.rotateTicketId), until: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16) })) },
  { covers: 'app/(agent)/tickets/actions.ts#addTagAction', name: 'tag a ticket', allow: ticketWorkers, call: ticketAction('addTagAction', (c) => ({ ticketId: String(T(c)), tag: 'matrix' })) },
  { covers: 'app/(agent)/tickets/actions.ts#removeTagAction', name: 'remove a ticket’s tag', allow: ticketWorkers, call: ticketAction('removeTagAction', (c) => ({ ticketId: String(T(c)), tag: 'matrix' })) },
  // Tags are the team's vocabulary: only admins rename, merge or delete them.
  { covers: 'app/(agent)/admin/settings/tags/actions.ts#renameTagAction', name: 'rename a tag', allow: admins, prepare: freshTag, call: adminAction('app/(agent)/admin/settings/tags/actions.ts', 'renameTagAction', '/admin/settings/tags', (c) => ({ tagId: String(c.prepared), name: `renamed-${c.unique}`.toLowerCase().replace(/[^a-z0-9-]/g, '-') })) },
  { covers: 'app/(agent)/admin/settings/tags/actions.ts#mergeTagAction', name: 'merge a tag', allow: admins, prepare: async (w, api) => [await freshTag(w, api), await freshTag(w, api)], call: adminAction('app/(agent)/admin/settings/tags/actions.ts', 'mergeTagAction', '/admin/settings/tags', (c) => { const [from, into] = c.prepared as number[]; return { tagId: String(from), intoTagId: String(into) }; }) },
  { covers: 'app/(agent)/admin/settings/tags/actions.ts#deleteTagAction', name: 'delete a tag', allow: admins, prepare: freshTag, call: adminAction('app/(agent)/admin/settings/tags/actions.ts', 'deleteTagAction', '/admin/settings/tags', (c) => ({ tagId: String(c.prepared) })) },
  { covers: 'app/(agent)/tickets/view-actions.ts#saveViewAction', name: 'save a view', allow: agents, call: action('app/(agent)/tickets/view-actions.ts', 'saveViewAction', () => '/tickets', (c) => ({ name: `View ${c.unique}`, shared: 'on', status: 'open', assignee: 'mine', priority: '', tag: '', q: '', sort: 'activity' })) },
  { covers: 'app/(agent)/tickets/view-actions.ts#deleteViewAction', name: 'delete another agent’s shared view', allow: ['agent', 'admin'], prepare: freshView, call: action('app/(agent)/tickets/view-actions.ts', 'deleteViewAction', () => '/tickets', (c) => ({ id: String(c.prepared) })) },
  { covers: 'app/(agent)/tickets/actions.ts#addParticipantAction', name: 'add a participant', allow: ticketWorkers, call: ticketAction('addParticipantAction', (c) => ({ ticketId: String(T(c)), email: `form-added-${c.unique}@example.test`, name: '', customerId: '' })) },
  { covers: 'app/(agent)/tickets/cc-actions.ts#addCcCandidateAction', name: 'add a Cc’d person', allow: ticketWorkers, prepare: freshCcCandidate, call: action('app/(agent)/tickets/cc-actions.ts', 'addCcCandidateAction', (c) => `/tickets/${T(c)}`, (c) => ({ ticketId: String(T(c)), candidateId: String(c.prepared) })) },
  { covers: 'app/(agent)/tickets/cc-actions.ts#dismissCcCandidateAction', name: 'dismiss a Cc’d person', allow: ticketWorkers, prepare: freshCcCandidate, call: action('app/(agent)/tickets/cc-actions.ts', 'dismissCcCandidateAction', (c) => `/tickets/${T(c)}`, (c) => ({ ticketId: String(T(c)), candidateId: String(c.prepared) })) },
  { covers: 'app/(agent)/tickets/actions.ts#removeParticipantAction', name: 'remove a participant', allow: ticketWorkers, prepare: freshParticipant, call: ticketAction('removeParticipantAction', (c) => ({ ticketId: String(T(c)), participantId: String(c.prepared) })) },
  // Rotating links is for admins; the agent's own ticket, so the matrix ticket's links keep working.
  { covers: 'app/(agent)/tickets/actions.ts#rotateLinksAction', name: 'rotate a ticket’s links', allow: admins, call: action('app/(agent)/tickets/actions.ts', 'rotateLinksAction', (c) => `/tickets/${c.w.rotateTicketId}`, (c) => ({ ticketId: String(c.w.rotateTicketId) })) },
  { covers: 'app/(agent)/customers/actions.ts#createCustomerAction', name: 'create a customer', allow: agents, call: action('app/(agent)/customers/actions.ts', 'createCustomerAction', () => '/customers', (c) => ({ name: 'Form Customer', email: `form-customer-${c.unique}@example.test`, companyId: '', company: '' })) },
  // Changing a customer's email is for agents who may see every ticket of that customer (issue 10, found 1).
  { covers: 'app/(agent)/customers/actions.ts#updateCustomerAction', name: 'change a customer’s email', allow: ticketWorkers, call: action('app/(agent)/customers/actions.ts', 'updateCustomerAction', (c) => `/customers/${c.w.ownCustomer.id}`, (c) => ({ id: String(c.w.ownCustomer.id), name: 'Own Customer', email: `own-${c.unique}@example.test`, companyId: '', company: '' })) },
  { covers: 'app/(agent)/companies/actions.ts#createCompanyAction', name: 'create a company', allow: agents, call: action('app/(agent)/companies/actions.ts', 'createCompanyAction', () => '/companies', (c) => ({ name: `Form Company ${c.unique}`, domains: '' })) },
  { covers: 'app/(agent)/companies/actions.ts#updateCompanyAction', name: 'rename a company', allow: agents, call: action('app/(agent)/companies/actions.ts', 'updateCompanyAction', (c) => `/companies/${c.w.ticket.companyId}`, (c) => ({ id: String(c.w.ticket.companyId), name: c.w.ticket.companyName, domains: '' })) },
  { covers: 'app/(agent)/admin/agents/actions.ts#createAgentAction', name: 'create an agent', allow: admins, call: adminAction('app/(agent)/admin/agents/actions.ts', 'createAgentAction', '/admin/agents', (c) => ({ name: 'Form Agent', email: `form-agent-${c.unique}@parley.test`, password: 'form-agent-password', role: 'admin' })) },
  { covers: 'app/(agent)/admin/agents/actions.ts#setAgentActiveAction', name: 'activate an agent', allow: admins, call: adminAction('app/(agent)/admin/agents/actions.ts', 'setAgentActiveAction', '/admin/agents', (c) => ({ id: String(c.w.agents.spare), active: 'true' })) },
  { covers: 'app/(agent)/admin/agents/actions.ts#resetAgentPasswordAction', name: 'reset an agent’s password', allow: admins, call: adminAction('app/(agent)/admin/agents/actions.ts', 'resetAgentPasswordAction', '/admin/agents', (c) => ({ id: String(c.w.agents.spare), password: `new-password-${c.unique}` })) },
  { covers: 'app/(agent)/admin/tokens/actions.ts#createApiTokenAction', name: 'create an API token', allow: admins, call: adminAction('app/(agent)/admin/tokens/actions.ts', 'createApiTokenAction', '/admin/tokens', (c) => ({ label: `Form token ${c.unique}` })) },
  { covers: 'app/(agent)/admin/tokens/actions.ts#revokeApiTokenAction', name: 'revoke an API token', allow: admins, call: adminAction('app/(agent)/admin/tokens/actions.ts', 'revokeApiTokenAction', '/admin/tokens', (c) => ({ id: String(c.w.spareTokenId) })) },
  { covers: 'app/(agent)/admin/settings/actions.ts#saveSettingsAction', name: 'save settings', allow: admins, call: adminAction('app/(agent)/admin/settings/actions.ts', 'saveSettingsAction', '/admin/settings/tickets', () => ({ section: 'tickets', siteName: 'Parley', ticketPrefix: 'PAR-', ticketSuffix: '', ticketNumberStart: '1001', restrictAgentsToAssigned: 'on', customersCanReopen: 'on', participantsEnabled: 'on', copyParticipants: 'on' })) },
  { covers: 'app/(agent)/admin/settings/service-levels/actions.ts#saveServiceLevelsAction', name: 'save service levels', allow: admins, call: adminAction('app/(agent)/admin/settings/service-levels/actions.ts', 'saveServiceLevelsAction', '/admin/settings/service-levels', () => ({ timeZone: 'UTC', holidays: '', warnBeforeMinutes: '30', mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00', sat: '', sun: '' })) },
  { covers: 'app/(agent)/admin/settings/email-actions.ts#saveEmailTemplateAction', name: 'save an email template', allow: admins, call: adminAction('app/(agent)/admin/settings/email-actions.ts', 'saveEmailTemplateAction', '/admin/settings/emails', () => ({ key: 'ticket_closed', subject: '[{ticket_id}] Closed: {ticket_title}', body: 'Hello {name},\n\n{ticket_url}' })) },
  { covers: 'app/(agent)/admin/settings/email-actions.ts#previewEmailTemplateAction', name: 'preview an email template', allow: admins, call: adminAction('app/(agent)/admin/settings/email-actions.ts', 'previewEmailTemplateAction', '/admin/settings/emails', () => ({ key: 'ticket_closed', subject: 'Preview {ticket_id}', body: 'Hello {name}' })) },
  { covers: 'app/(agent)/admin/settings/email-actions.ts#resetEmailTemplateAction', name: 'reset an email template', allow: admins, call: adminAction('app/(agent)/admin/settings/email-actions.ts', 'resetEmailTemplateAction', '/admin/settings/emails', () => ({ key: 'ticket_closed' })) },
  { covers: 'app/(agent)/admin/settings/email-actions.ts#retryEmailAction', name: 'retry a failed email', allow: admins, call: adminAction('app/(agent)/admin/settings/email-actions.ts', 'retryEmailAction', '/admin/settings/emails', (c) => ({ id: String(c.w.failedOutboxId) })) },
  { covers: 'app/(agent)/tickets/actions.ts#removeAttachmentAction', name: 'remove a file', allow: admins, prepare: freshAttachment, call: ticketAction('removeAttachmentAction', (c) => ({ ticketId: String(T(c)), attachmentId: String(c.prepared) })) },
  { covers: 'app/(agent)/admin/agents/actions.ts#setAgentRoleAction', name: 'set an agent’s role', allow: admins, call: adminAction('app/(agent)/admin/agents/actions.ts', 'setAgentRoleAction', '/admin/agents', (c) => ({ id: String(c.w.agents.spare), role: 'agent' })) },
  { covers: 'app/(agent)/admin/settings/email-actions.ts#saveImapSettingsAction', name: 'save the IMAP mailbox', allow: admins, call: adminAction('app/(agent)/admin/settings/email-actions.ts', 'saveImapSettingsAction', '/admin/settings/inbound', () => ({ host: '', port: '993', secure: 'on', user: '', password: '', mailbox: 'INBOX', afterProcessing: 'flag', moveTo: '' })) },
  { covers: 'app/(agent)/admin/inbound/actions.ts#retryInboundAction', name: 'retry an inbound email', allow: admins, prepare: inboundInState('failed'), call: adminAction('app/(agent)/admin/inbound/actions.ts', 'retryInboundAction', '/admin/inbound', (c) => ({ id: String(c.w.inbound.id) })) },
  { covers: 'app/(agent)/admin/inbound/actions.ts#dismissInboundAction', name: 'dismiss an inbound email', allow: admins, prepare: inboundInState('refused'), call: adminAction('app/(agent)/admin/inbound/actions.ts', 'dismissInboundAction', '/admin/inbound', (c) => ({ id: String(c.w.inbound.id) })) },
  // The ticket page's refused-email banner: whoever works the email's ticket (its assignee, admins) decides.
  { covers: 'app/(agent)/tickets/[id]/refused-mail-actions.ts#dismissRefusedSenderAction', name: 'dismiss a refused sender on the ticket page', allow: ticketWorkers, prepare: inboundInState('refused'), call: refusedMailAction('dismissRefusedSenderAction') },
  { covers: 'app/(agent)/tickets/[id]/refused-mail-actions.ts#addRefusedSenderAction', name: 'add a refused sender and apply on the ticket page', allow: ticketWorkers, prepare: inboundInState('refused'), call: refusedMailAction('addRefusedSenderAction') },
  { covers: 'app/(agent)/admin/inbound/actions.ts#addSenderAndApplyAction', name: 'add a refused sender and apply', allow: admins, prepare: inboundInState('refused'), call: adminAction('app/(agent)/admin/inbound/actions.ts', 'addSenderAndApplyAction', '/admin/inbound', (c) => ({ id: String(c.w.inbound.id) })) },
  { covers: 'app/(agent)/tickets/[id]/conversation-actions.ts#loadOlderRepliesAction', name: 'load older replies (agent)', allow: ticketWorkers, call: { ...action('app/(agent)/tickets/[id]/conversation-actions.ts', 'loadOlderRepliesAction', (c) => `/tickets/${T(c)}`, () => ({})), args: (c) => [T(c), olderThanAll] } },
  { covers: 'app/(agent)/tickets/[id]/merge-actions.ts#findMergeTargetsAction', name: 'find tickets to merge into', allow: ticketWorkers, call: { ...action('app/(agent)/tickets/[id]/merge-actions.ts', 'findMergeTargetsAction', (c) => `/tickets/${T(c)}`, () => ({})), args: (c) => [T(c), 'Matrix'] } },
  { covers: 'app/(agent)/tickets/[id]/merge-actions.ts#mergeTicketAction', name: 'merge a ticket into another', allow: ticketWorkers, prepare: freshMergePair, call: action('app/(agent)/tickets/[id]/merge-actions.ts', 'mergeTicketAction', (c) => `/tickets/${mergePair(c).source}`, (c) => ({ ticketId: String(mergePair(c).source), into: String(mergePair(c).target) })) },
  { covers: 'app/(agent)/tickets/[id]/merge-actions.ts#splitReplyAction', name: 'split a reply into a new ticket', allow: ticketWorkers, prepare: freshSplit, call: action('app/(agent)/tickets/[id]/merge-actions.ts', 'splitReplyAction', (c) => `/tickets/${splitOf(c).ticketId}`, (c) => ({ ticketId: String(splitOf(c).ticketId), replyId: String(splitOf(c).replyId), subject: `Split ${c.unique}`, customerEmail: '' })) },
  { covers: 'app/t/[token]/actions.ts#loadOlderLinkRepliesAction', name: 'load older replies (link)', allow: linkHolders, call: { ...linkAction('app/t/[token]/actions.ts', 'loadOlderLinkRepliesAction'), args: (c) => [c.who.link ?? '', olderThanAll] } },
  // Saved replies are shared by the team: every agent adds them; the author edits or deletes their own, admins any.
  // The matrix's saved reply was written by the admin, so only the admin may change it.
  { covers: 'app/(agent)/saved-replies/actions.ts#createSavedReplyAction', name: 'add a saved reply', allow: agents, call: action('app/(agent)/saved-replies/actions.ts', 'createSavedReplyAction', () => '/saved-replies', (c) => ({ title: `Saved ${c.unique}`, body: 'Hello {name}' })) },
  { covers: 'app/(agent)/saved-replies/actions.ts#updateSavedReplyAction', name: 'edit the admin’s saved reply', allow: admins, call: action('app/(agent)/saved-replies/actions.ts', 'updateSavedReplyAction', () => '/saved-replies', (c) => ({ id: String(c.w.savedReply.id), title: c.w.savedReply.title, body: `Edited ${c.unique}` })) },
  // Deleting is last among the saved-reply rows: after the admin deleted it, everyone is refused anyway.
  { covers: 'app/(agent)/saved-replies/actions.ts#deleteSavedReplyAction', name: 'delete the admin’s saved reply', allow: admins, call: action('app/(agent)/saved-replies/actions.ts', 'deleteSavedReplyAction', () => '/saved-replies', (c) => ({ id: String(c.w.savedReply.id) })) },
  // Last: once the participant has left, their link stops working.
  { covers: 'app/t/[token]/actions.ts#leaveTicketAction', name: 'leave a ticket', allow: ['participant'], call: linkAction('app/t/[token]/actions.ts', 'leaveTicketAction') },
  { covers: 'app/(agent)/account/actions.ts#saveProfileAction', name: 'save one’s profile', allow: agents, call: action('app/(agent)/account/actions.ts', 'saveProfileAction', () => '/account', () => ({ name: 'Matrix Profile', signature: 'Matrix signature' })) },
  { covers: 'app/(agent)/account/actions.ts#requestEmailChangeAction', name: 'ask to change one’s email', allow: agents, call: action('app/(agent)/account/actions.ts', 'requestEmailChangeAction', () => '/account', (c) => ({ email: `matrix-change-${c.unique}@parley.test` })) },
  { covers: 'app/(agent)/account/actions.ts#changePasswordAction', name: 'change one’s password', allow: agents, endsSessions: true, call: action('app/(agent)/account/actions.ts', 'changePasswordAction', () => '/account', (c) => {
    const password = c.who.cookie && c.who.cookie === c.w.credentials.admin.cookie ? admin.password : agentPassword;
    return { currentPassword: password, password };
  }) },
  { covers: 'app/(agent)/account/actions.ts#dismissProfilePromptAction', name: 'dismiss the profile prompt', allow: agents, call: action('app/(agent)/account/actions.ts', 'dismissProfilePromptAction', () => '/account', () => ({})) },
  // The token is the capability: without one (a forged token here) nobody confirms anything.
  { covers: 'app/confirm-email/[token]/actions.ts#confirmEmailChangeAction', name: 'confirm a new email (forged token)', allow: nobody, call: action('app/confirm-email/[token]/actions.ts', 'confirmEmailChangeAction', () => '/confirm-email/e30.forged', () => ({ token: 'e30.forged' })) },
  { covers: 'app/(agent)/admin/agents/actions.ts#inviteAgentAction', name: 'invite an agent', allow: admins, call: adminAction('app/(agent)/admin/agents/actions.ts', 'inviteAgentAction', '/admin/agents', (c) => ({ name: 'Invited Agent', email: `invited-${c.unique}@parley.test`, role: 'agent' })) },
  // Ids of no open invitation: the rule (admins only) is checked before the lookup, so agents are refused and admins get "not found".
  { covers: 'app/(agent)/admin/agents/actions.ts#resendInvitationAction', name: 'resend an invitation (none open)', allow: nobody, call: adminAction('app/(agent)/admin/agents/actions.ts', 'resendInvitationAction', '/admin/agents', () => ({ id: '999999' })) },
  { covers: 'app/(agent)/admin/agents/actions.ts#revokeInvitationAction', name: 'revoke an invitation (none open)', allow: nobody, call: adminAction('app/(agent)/admin/agents/actions.ts', 'revokeInvitationAction', '/admin/agents', () => ({ id: '999999' })) },
  { covers: 'app/invitation/[token]/actions.ts#acceptInvitationAction', name: 'accept an invitation (forged link)', allow: nobody, call: action('app/invitation/[token]/actions.ts', 'acceptInvitationAction', () => '/invitation/1.1.forged', () => ({ token: '1.1.forged', name: 'Nobody', password: 'a-long-enough-passphrase' })) },
  { covers: 'app/(agent)/admin/agents/actions.ts#updateAgentAction', name: 'edit an agent’s name and email', allow: admins, call: adminAction('app/(agent)/admin/agents/actions.ts', 'updateAgentAction', '/admin/agents', (c) => ({ id: String(c.w.agents.spare), name: 'Spare Agent', email: `spare-${c.unique}@parley.test` })) },
  // Two-factor sign-in on one's own account (issue 17): setting it up is every agent's; a wrong code gets as far as its
  // field's message, as form validation does in every row. Turning off a second factor nobody has is refused for all;
  // the cases that end the agent's sessions are in tests/auth/two-factor.test.ts and e2e/two-factor.spec.ts.
  { covers: 'app/(agent)/account/actions.ts#beginTwoFactorSetupAction', name: 'start setting up two-factor sign-in', allow: agents, call: action('app/(agent)/account/actions.ts', 'beginTwoFactorSetupAction', () => '/account', () => ({})) },
  { covers: 'app/(agent)/account/actions.ts#confirmTwoFactorSetupAction', name: 'confirm two-factor sign-in with a wrong code', allow: agents, call: action('app/(agent)/account/actions.ts', 'confirmTwoFactorSetupAction', () => '/account', () => ({ code: '000000' })) },
  { covers: 'app/(agent)/account/actions.ts#cancelTwoFactorSetupAction', name: 'cancel setting up two-factor sign-in', allow: agents, call: action('app/(agent)/account/actions.ts', 'cancelTwoFactorSetupAction', () => '/account', () => ({})) },
  { covers: 'app/(agent)/account/actions.ts#disableTwoFactorAction', name: 'turn off a second factor one does not have', allow: nobody, call: action('app/(agent)/account/actions.ts', 'disableTwoFactorAction', () => '/account', () => ({ password: 'reliability-password-1', code: '' })) },
  // The spare agent has no second factor: an admin's reset is refused as "nothing to reset" (a conflict) too.
  { covers: 'app/(agent)/admin/agents/actions.ts#resetTwoFactorAction', name: 'reset an agent’s second factor (none set)', allow: nobody, call: adminAction('app/(agent)/admin/agents/actions.ts', 'resetTwoFactorAction', '/admin/agents', (c) => ({ id: String(c.w.agents.spare) })) },
  // ---- Webhooks (issue 23): admins only ----
  { covers: '/api/v1/webhooks/route', name: 'GET /api/v1/webhooks', allow: admins, call: get(() => '/api/v1/webhooks') },
  { covers: '/api/v1/webhooks/route', name: 'POST /api/v1/webhooks', allow: admins, call: send('POST', () => '/api/v1/webhooks', () => ({ url: matrixWebhookUrl, events: ['ticket.merged'] })) },
  { covers: '/api/v1/webhooks/[id]/route', name: 'GET /api/v1/webhooks/:id', allow: admins, prepare: freshWebhook, call: get((c) => `/api/v1/webhooks/${c.prepared}`) },
  { covers: '/api/v1/webhooks/[id]/route', name: 'DELETE /api/v1/webhooks/:id', allow: admins, prepare: freshWebhook, call: { kind: 'http', method: 'DELETE', path: (c) => `/api/v1/webhooks/${c.prepared}` } },
  { covers: '/(agent)/admin/webhooks/page', name: 'GET /admin/webhooks', allow: admins, call: get(() => '/admin/webhooks', () => 'New webhook') },
  { covers: '/(agent)/admin/webhooks/[id]/page', name: 'GET /admin/webhooks/:id', allow: admins, prepare: freshWebhook, call: { kind: 'http', path: (c) => `/admin/webhooks/${c.prepared}`, proof: () => 'Deliveries' } },
  { covers: 'app/(agent)/admin/webhooks/actions.ts#createWebhookAction', name: 'create a webhook', allow: admins, call: adminAction('app/(agent)/admin/webhooks/actions.ts', 'createWebhookAction', '/admin/webhooks', () => ({ url: matrixWebhookUrl, events: 'ticket.merged' })) },
  { covers: 'app/(agent)/admin/webhooks/actions.ts#setWebhookActiveAction', name: 'turn a webhook off', allow: admins, prepare: freshWebhook, call: adminAction('app/(agent)/admin/webhooks/actions.ts', 'setWebhookActiveAction', '/admin/webhooks', (c) => ({ id: String(c.prepared), active: 'false' })) },
  { covers: 'app/(agent)/admin/webhooks/actions.ts#resendWebhookDeliveryAction', name: 'resend a webhook delivery', allow: admins, prepare: freshWebhookDelivery, call: adminAction('app/(agent)/admin/webhooks/actions.ts', 'resendWebhookDeliveryAction', '/admin/webhooks', (c) => { const { webhookId, deliveryId } = c.prepared as { webhookId: number; deliveryId: number }; return { id: String(webhookId), deliveryId: String(deliveryId) }; }) },
  { covers: 'app/(agent)/admin/webhooks/actions.ts#deleteWebhookAction', name: 'delete a webhook', allow: admins, prepare: freshWebhook, call: adminAction('app/(agent)/admin/webhooks/actions.ts', 'deleteWebhookAction', '/admin/webhooks', (c) => ({ id: String(c.prepared) })) },
  { covers: 'app/(agent)/account/actions.ts#signOutEverywhereAction', name: 'sign out everywhere', allow: agents, endsSessions: true, call: action('app/(agent)/account/actions.ts', 'signOutEverywhereAction', () => '/account', () => ({})) },
];

// Framework pages that exist in every build and the favicon: they serve no one's data.
export const notCovered = new Set(['/_not-found/page', '/_global-error/page', '/icon.svg/route']);

import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { admin } from './support/env';

// REST API v1 end to end: every route's happy path and each error code, through real bearer tokens.

const stamp = Date.now();
// A word no other ticket contains, so searches find exactly this run's tickets (a bare number would be read as a ticket number).
const tag = `run${stamp}`;
const plainAgent = { email: `api-agent-${stamp}@parley.test`, name: `API Agent ${stamp}`, password: 'agent-password-123' };

let adminToken: string;
let agentToken: string;

test.beforeAll(() => {
  adminToken = runCli(['create-token', '--email', admin.email, '--name', `e2e api ${stamp}`]);
  runCli(['create-agent', '--email', plainAgent.email, '--name', plainAgent.name, '--password', plainAgent.password, '--role', 'agent']);
  agentToken = runCli(['create-token', '--email', plainAgent.email, '--name', `e2e agent ${stamp}`]);
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A small client for one token: JSON in, the raw response out. */
function client(request: APIRequestContext, token: string) {
  const headers = bearer(token);
  return {
    get: (path: string) => request.get(path, { headers }),
    post: (path: string, data: unknown) => request.post(path, { headers, data }),
    patch: (path: string, data: unknown) => request.patch(path, { headers, data }),
    delete: (path: string) => request.delete(path, { headers }),
  };
}

/** Asserts the documented error shape and returns it. */
async function expectError(response: APIResponse, status: number, code: string) {
  expect(response.status()).toBe(status);
  const body = await response.json();
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error as { code: string; message: string; fields?: Record<string, string> };
}

/** Applies a settings patch as the admin for the duration of `run`, then puts the previous values back. */
async function withSettings(request: APIRequestContext, patch: Record<string, unknown>, run: () => Promise<void>) {
  const api = client(request, adminToken);
  const before = (await (await api.get('/api/v1/settings')).json()).settings as Record<string, unknown>;
  const applied = await api.patch('/api/v1/settings', patch);
  expect(applied.status()).toBe(200);
  try {
    await run();
  } finally {
    const restore = Object.fromEntries(Object.keys(patch).map((key) => [key, before[key]]));
    expect((await api.patch('/api/v1/settings', restore)).status()).toBe(200);
  }
}

async function createTicket(request: APIRequestContext, token: string, label: string) {
  const response = await client(request, token).post('/api/v1/tickets', {
    subject: `${label} ${tag}`,
    message: `First message about ${label}.`,
    customer: { email: `${label.toLowerCase().replace(/\W+/g, '-')}-${stamp}@customer.test`, name: `${label} Customer`, company: `${label} Co ${stamp}` },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).ticket;
}

test.describe('tickets', () => {
  test('create, read, list, update and reply', async ({ request }) => {
    const api = client(request, adminToken);
    const settings = (await (await api.get('/api/v1/settings')).json()).settings;

    const ticket = await createTicket(request, adminToken, 'Printer');
    expect(ticket).toMatchObject({
      subject: `Printer ${tag}`,
      status: 'new',
      customer: { email: `printer-${stamp}@customer.test`, name: 'Printer Customer', company: `Printer Co ${stamp}` },
      assignee: null,
      participants: [],
      replies: [
        {
          body: 'First message about Printer.',
          private: false,
          author: { kind: 'customer', email: `printer-${stamp}@customer.test`, name: 'Printer Customer' },
        },
      ],
    });
    expect(ticket.number).toMatch(new RegExp(`^${settings.ticketPrefix}\\d+${settings.ticketSuffix}$`));
    expect(ticket.customer.ticketUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/t\/\S+$/);
    expect(new Date(ticket.createdAt).toISOString()).toBe(ticket.createdAt);

    const fetched = await api.get(`/api/v1/tickets/${ticket.id}`);
    expect(fetched.status()).toBe(200);
    expect((await fetched.json()).ticket).toEqual(ticket);

    const listed = await api.get(`/api/v1/tickets?q=${encodeURIComponent(ticket.subject)}&status=new&page=1`);
    expect(listed.status()).toBe(200);
    const list = await listed.json();
    expect(list).toMatchObject({ page: 1, total: 1 });
    expect(list.tickets).toEqual([
      expect.objectContaining({ id: ticket.id, number: ticket.number, subject: ticket.subject, status: 'new', participantCount: 0, assignee: null }),
    ]);
    expect(list.tickets[0]).not.toHaveProperty('replies');
    expect((await (await api.get(`/api/v1/tickets?q=${encodeURIComponent(ticket.number)}`)).json()).tickets.map((t: { id: number }) => t.id)).toContain(ticket.id);
    expect((await (await api.get(`/api/v1/tickets?q=${encodeURIComponent(ticket.subject)}&status=closed`)).json()).total).toBe(0);

    const patched = await api.patch(`/api/v1/tickets/${ticket.id}`, { status: 'hold', assigneeEmail: admin.email });
    expect(patched.status()).toBe(200);
    expect((await patched.json()).ticket).toMatchObject({ status: 'hold', assignee: { email: admin.email, name: admin.name } });

    const unassigned = await api.patch(`/api/v1/tickets/${ticket.id}`, { assigneeEmail: null });
    expect((await unassigned.json()).ticket.assignee).toBeNull();

    const reply = await api.post(`/api/v1/tickets/${ticket.id}/replies`, { message: 'We are on it.' });
    expect(reply.status()).toBe(201);
    expect((await reply.json()).reply).toMatchObject({
      body: 'We are on it.',
      private: false,
      author: { kind: 'agent', email: admin.email, name: admin.name },
    });
    const note = await api.post(`/api/v1/tickets/${ticket.id}/replies`, { message: 'Toner supplier is slow.', private: true });
    expect(note.status()).toBe(201);
    expect((await note.json()).reply).toMatchObject({ private: true });

    const after = (await (await api.get(`/api/v1/tickets/${ticket.id}`)).json()).ticket;
    expect(after.replies.map((r: { body: string; private: boolean }) => [r.body, r.private])).toEqual([
      ['First message about Printer.', false],
      ['We are on it.', false],
      ['Toner supplier is slow.', true],
    ]);
  });

  test('invalid input gets 400 or 422 and changes nothing', async ({ request }) => {
    const api = client(request, adminToken);
    const ticket = await createTicket(request, adminToken, 'Validation');

    const malformed = await request.post('/api/v1/tickets', {
      headers: { ...bearer(adminToken), 'Content-Type': 'application/json' },
      data: '{"subject": "half',
    });
    await expectError(malformed, 400, 'bad_request');
    const notAnObject = await request.patch(`/api/v1/tickets/${ticket.id}`, {
      headers: { ...bearer(adminToken), 'Content-Type': 'application/json' },
      data: '["open"]',
    });
    await expectError(notAnObject, 400, 'bad_request');

    const missing = await expectError(await api.post('/api/v1/tickets', { subject: '', customer: { email: 'not-an-email' } }), 422, 'validation_failed');
    expect(Object.keys(missing.fields ?? {})).toEqual(expect.arrayContaining(['subject', 'message', 'customer.email']));

    await expectError(await api.get('/api/v1/tickets?status=pending'), 422, 'validation_failed');
    await expectError(await api.get('/api/v1/tickets?page=zero'), 422, 'validation_failed');
    await expectError(await api.patch(`/api/v1/tickets/${ticket.id}`, { status: 'done' }), 422, 'validation_failed');
    await expectError(await api.patch(`/api/v1/tickets/${ticket.id}`, { assigneeEmail: `nobody-${stamp}@parley.test` }), 422, 'validation_failed');
    await expectError(await api.patch(`/api/v1/tickets/${ticket.id}`, { severity: 'high' }), 422, 'validation_failed');
    await expectError(await api.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'critical' }), 422, 'validation_failed');
    await expectError(await api.post(`/api/v1/tickets/${ticket.id}/replies`, { message: '   ' }), 422, 'validation_failed');
    await expectError(await api.post(`/api/v1/tickets/${ticket.id}/replies`, { message: 'Note?', private: 'yes' }), 422, 'validation_failed');

    const unchanged = (await (await api.get(`/api/v1/tickets/${ticket.id}`)).json()).ticket;
    expect(unchanged).toMatchObject({ status: 'new', assignee: null });
    expect(unchanged.replies).toHaveLength(1);
  });

  test('unknown tickets are 404, whatever the id looks like', async ({ request }) => {
    const api = client(request, adminToken);
    await expectError(await api.get('/api/v1/tickets/99999999'), 404, 'not_found');
    await expectError(await api.get('/api/v1/tickets/abc'), 404, 'not_found');
    await expectError(await api.patch('/api/v1/tickets/0', { status: 'open' }), 404, 'not_found');
    await expectError(await api.post('/api/v1/tickets/99999999/replies', { message: 'Hello?' }), 404, 'not_found');
    await expectError(await api.get('/api/v1/tickets/99999999/participants'), 404, 'not_found');
  });
});

test.describe('authentication', () => {
  test('no token, a wrong token and a malformed header are 401', async ({ request }) => {
    await expectError(await request.get('/api/v1/tickets'), 401, 'unauthorized');
    await expectError(await request.get('/api/v1/tickets', { headers: bearer('pk_not-a-real-token') }), 401, 'unauthorized');
    await expectError(await request.get('/api/v1/tickets', { headers: { Authorization: adminToken } }), 401, 'unauthorized');
    // Authentication comes first: a bad body or id without a token is still a 401.
    await expectError(await request.post('/api/v1/tickets/abc/replies', { data: '{' }), 401, 'unauthorized');
  });

  test('a revoked token stops working at once', async ({ page, request }) => {
    const label = `revoke-me-${stamp}`;
    const token = runCli(['create-token', '--email', admin.email, '--name', label]);
    expect((await request.get('/api/v1/tickets', { headers: bearer(token) })).status()).toBe(200);

    await signIn(page);
    await page.goto('/admin/tokens');
    await page.getByRole('button', { name: `Revoke ${label}` }).click();
    await expect(page.getByRole('row').filter({ hasText: label }).getByText('Revoked')).toBeVisible();

    await expectError(await request.get('/api/v1/tickets', { headers: bearer(token) }), 401, 'unauthorized');
  });

  test('a deactivated agent’s token stops working at once', async ({ page, request }) => {
    const leaver = { email: `api-leaver-${stamp}@parley.test`, name: `API Leaver ${stamp}` };
    runCli(['create-agent', '--email', leaver.email, '--name', leaver.name, '--password', 'leaver-password-1']);
    const token = runCli(['create-token', '--email', leaver.email]);
    expect((await request.get('/api/v1/customers', { headers: bearer(token) })).status()).toBe(200);

    await signIn(page);
    await page.goto('/admin/agents');
    await page.getByRole('button', { name: `Deactivate ${leaver.name}` }).click();
    // exact: "Activate …" is also a substring of the "Deactivate …" button it replaces.
    await expect(page.getByRole('button', { name: `Activate ${leaver.name}`, exact: true })).toBeVisible();

    await expectError(await request.get('/api/v1/customers', { headers: bearer(token) }), 401, 'unauthorized');
  });
});

test.describe('permissions', () => {
  test('settings are for admins only', async ({ request }) => {
    const agentApi = client(request, agentToken);
    await expectError(await agentApi.get('/api/v1/settings'), 403, 'forbidden');
    await expectError(await agentApi.patch('/api/v1/settings', { siteName: 'Hijacked' }), 403, 'forbidden');
    const settings = (await (await client(request, adminToken).get('/api/v1/settings')).json()).settings;
    expect(settings.siteName).not.toBe('Hijacked');
  });

  test('a restricted agent cannot see or work another agent’s ticket', async ({ request }) => {
    const adminApi = client(request, adminToken);
    const agentApi = client(request, agentToken);
    const ticket = await createTicket(request, adminToken, 'Restricted');
    expect((await adminApi.patch(`/api/v1/tickets/${ticket.id}`, { assigneeEmail: admin.email })).status()).toBe(200);

    await withSettings(request, { restrictAgentsToAssigned: true }, async () => {
      await expectError(await agentApi.get(`/api/v1/tickets/${ticket.id}`), 403, 'forbidden');
      await expectError(await agentApi.patch(`/api/v1/tickets/${ticket.id}`, { status: 'closed' }), 403, 'forbidden');
      await expectError(await agentApi.post(`/api/v1/tickets/${ticket.id}/replies`, { message: 'Sneaky' }), 403, 'forbidden');
      await expectError(await agentApi.get(`/api/v1/tickets/${ticket.id}/participants`), 403, 'forbidden');
      await expectError(await agentApi.post(`/api/v1/tickets/${ticket.id}/participants`, { email: `spy-${stamp}@x.test` }), 403, 'forbidden');
      // Check order: an unknown ticket is still a 404 for them.
      await expectError(await agentApi.get('/api/v1/tickets/99999999'), 404, 'not_found');
      const listed = await (await agentApi.get(`/api/v1/tickets?q=${encodeURIComponent(ticket.subject)}`)).json();
      expect(listed.total).toBe(0);
    });

    // With the restriction off again the agent sees it.
    expect((await agentApi.get(`/api/v1/tickets/${ticket.id}`)).status()).toBe(200);
    const unchanged = (await (await adminApi.get(`/api/v1/tickets/${ticket.id}`)).json()).ticket;
    expect(unchanged.status).toBe('new');
    expect(unchanged.replies).toHaveLength(1);
  });
});

test.describe('customers and companies', () => {
  test('create, find, and refuse duplicates and bad fields', async ({ request }) => {
    const api = client(request, adminToken);

    const company = await api.post('/api/v1/companies', { name: `Globex ${stamp}` });
    expect(company.status()).toBe(201);
    const globex = (await company.json()).company;
    expect(globex).toMatchObject({ name: `Globex ${stamp}`, customerCount: 0 });
    await expectError(await api.post('/api/v1/companies', { name: `globex ${stamp}` }), 409, 'conflict');
    await expectError(await api.post('/api/v1/companies', { name: '  ' }), 422, 'validation_failed');

    const byId = await api.post('/api/v1/customers', { email: `Hank-${stamp}@Globex.test`, name: 'Hank', companyId: globex.id });
    expect(byId.status()).toBe(201);
    expect((await byId.json()).customer).toMatchObject({ email: `hank-${stamp}@globex.test`, name: 'Hank', companyId: globex.id, company: globex.name });

    const byName = await api.post('/api/v1/customers', { email: `marge-${stamp}@initech.test`, company: `Initech ${stamp}` });
    expect(byName.status()).toBe(201);
    expect((await byName.json()).customer).toMatchObject({ name: `marge-${stamp}`, company: `Initech ${stamp}` });

    await expectError(await api.post('/api/v1/customers', { email: `HANK-${stamp}@globex.test` }), 409, 'conflict');
    await expectError(await api.post('/api/v1/customers', { email: 'hank at globex' }), 422, 'validation_failed');
    await expectError(await api.post('/api/v1/customers', { email: `nobody-${stamp}@x.test`, companyId: 99999999 }), 422, 'validation_failed');

    const customers = await (await api.get(`/api/v1/customers?q=${encodeURIComponent(`hank-${stamp}`)}`)).json();
    expect(customers).toMatchObject({ page: 1, total: 1, customers: [{ email: `hank-${stamp}@globex.test` }] });
    const companies = await (await api.get(`/api/v1/companies?q=${encodeURIComponent(`Globex ${stamp}`)}&page=1`)).json();
    expect(companies).toMatchObject({ page: 1, total: 1, companies: [{ id: globex.id, customerCount: 1 }] });
    await expectError(await api.get('/api/v1/customers?page=-1'), 422, 'validation_failed');

    // Any agent may work with customers.
    expect((await client(request, agentToken).get('/api/v1/companies')).status()).toBe(200);
  });
});

test.describe('settings', () => {
  test('the admin reads and changes settings; unknown keys and bad values are refused', async ({ request }) => {
    const api = client(request, adminToken);
    const read = await api.get('/api/v1/settings');
    expect(read.status()).toBe(200);
    const before = (await read.json()).settings;
    expect(before).toEqual(
      expect.objectContaining({
        siteName: expect.any(String),
        ticketPrefix: expect.any(String),
        restrictAgentsToAssigned: expect.any(Boolean),
        customersCanReopen: expect.any(Boolean),
        participantsEnabled: expect.any(Boolean),
        copyParticipants: expect.any(Boolean),
      }),
    );

    await withSettings(request, { participantsEnabled: true, copyParticipants: !before.copyParticipants }, async () => {
      const now = (await (await api.get('/api/v1/settings')).json()).settings;
      expect(now).toEqual({ ...before, participantsEnabled: true, copyParticipants: !before.copyParticipants });
    });
    expect((await (await api.get('/api/v1/settings')).json()).settings).toEqual(before);

    const unknown = await expectError(await api.patch('/api/v1/settings', { colour: 'red' }), 422, 'validation_failed');
    expect(unknown.message).toContain('colour');
    await expectError(await api.patch('/api/v1/settings', { participantsEnabled: 'yes' }), 422, 'validation_failed');
    await expectError(await api.patch('/api/v1/settings', { ticketNumberStart: -5 }), 422, 'validation_failed');
    await expectError(await api.patch('/api/v1/settings', { siteName: 'Fine', ticketPrefix: 'HAS SPACE' }), 422, 'validation_failed');
    expect((await (await api.get('/api/v1/settings')).json()).settings).toEqual(before);
  });
});

test.describe('participants', () => {
  test('add by email and by customer, list, and remove — the removed link is refused', async ({ page, request }) => {
    const api = client(request, adminToken);
    const ticket = await createTicket(request, adminToken, 'Participants');
    const colleague = (await (await api.post('/api/v1/customers', { email: `pat-${stamp}@customer.test`, name: 'Pat' })).json()).customer;

    await withSettings(request, { participantsEnabled: true }, async () => {
      const guestResponse = await api.post(`/api/v1/tickets/${ticket.id}/participants`, { email: ` Guest-${stamp}@Elsewhere.test `, name: 'Gus' });
      expect(guestResponse.status()).toBe(201);
      const guest = (await guestResponse.json()).participant;
      expect(guest).toEqual({
        id: expect.any(Number),
        email: `guest-${stamp}@elsewhere.test`,
        name: 'Gus',
        customerId: null,
        company: null,
        addedAt: expect.any(String),
        // Added through the API: by the agent whose token it is.
        addedBy: { kind: 'agent', id: expect.any(Number), name: expect.any(String) },
        ticketUrl: expect.stringMatching(/\/t\/\S+$/),
        view: 'everything',
      });
      expect(guest.ticketUrl).not.toBe(ticket.customer.ticketUrl);

      const customerResponse = await api.post(`/api/v1/tickets/${ticket.id}/participants`, { customerId: colleague.id });
      expect(customerResponse.status()).toBe(201);
      const pat = (await customerResponse.json()).participant;
      expect(pat).toMatchObject({ email: colleague.email, name: 'Pat', customerId: colleague.id });

      await expectError(await api.post(`/api/v1/tickets/${ticket.id}/participants`, { email: `GUEST-${stamp}@elsewhere.test` }), 409, 'conflict');
      await expectError(await api.post(`/api/v1/tickets/${ticket.id}/participants`, { email: 'not an email' }), 422, 'validation_failed');
      await expectError(await api.post(`/api/v1/tickets/${ticket.id}/participants`, { email: ticket.customer.email }), 422, 'validation_failed');
      await expectError(await api.post(`/api/v1/tickets/${ticket.id}/participants`, {}), 422, 'validation_failed');
      await expectError(await api.post(`/api/v1/tickets/${ticket.id}/participants`, { customerId: 99999999 }), 422, 'validation_failed');

      const listed = await api.get(`/api/v1/tickets/${ticket.id}/participants`);
      expect(listed.status()).toBe(200);
      expect((await listed.json()).participants).toEqual([guest, pat]);
      expect((await (await api.get(`/api/v1/tickets/${ticket.id}`)).json()).ticket.participants).toEqual([guest, pat]);
      const summary = await (await api.get(`/api/v1/tickets?q=${encodeURIComponent(ticket.subject)}`)).json();
      expect(summary.tickets[0]).toMatchObject({ id: ticket.id, participantCount: 2 });

      // The guest's own link opens the ticket while they are on it.
      await page.goto(guest.ticketUrl);
      await expect(page.getByRole('heading', { name: ticket.subject })).toBeVisible();

      const removed = await api.delete(`/api/v1/tickets/${ticket.id}/participants/${guest.id}`);
      expect(removed.status()).toBe(204);
      expect(await removed.text()).toBe('');
      await expectError(await api.delete(`/api/v1/tickets/${ticket.id}/participants/${guest.id}`), 404, 'not_found');
      await expectError(await api.delete(`/api/v1/tickets/${ticket.id}/participants/99999999`), 404, 'not_found');
      await expectError(await api.delete(`/api/v1/tickets/${ticket.id}/participants/first`), 404, 'not_found');
      expect((await (await api.get(`/api/v1/tickets/${ticket.id}/participants`)).json()).participants).toEqual([pat]);

      await page.goto(guest.ticketUrl);
      await expect(page.getByRole('heading', { name: 'This link cannot open the ticket' })).toBeVisible();
      await expect(page.getByRole('heading', { name: ticket.subject })).toHaveCount(0);
    });
  });

  test('adding needs participants enabled', async ({ request }) => {
    const ticket = await createTicket(request, adminToken, 'Disabled');
    await withSettings(request, { participantsEnabled: false }, async () => {
      await expectError(await client(request, adminToken).post(`/api/v1/tickets/${ticket.id}/participants`, { email: `late-${stamp}@x.test` }), 409, 'conflict');
    });
  });
});

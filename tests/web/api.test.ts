import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createAgent } from '@/lib/auth/agents';
import { apiHandler, apiHandlerWithFiles, apiTicketListQuerySchema, loadRepliesPageView, loadReplyView, loadTicketView, nestFormFields, parseQuery } from '@/lib/web/api';
import { createApiToken, revokeApiToken } from '@/lib/auth/api-tokens';
import { systemActor } from '@/lib/core/audit';
import { storeAttachmentFile } from '@/lib/files/store';
import { AppError } from '@/lib/core/errors';
import { addParticipant } from '@/lib/participants/participants';
import { addAgentReply, agentReplySchema, createTicket, listRepliesPage } from '@/lib/tickets/tickets';
import { newAgent, setSettings, unique } from '@/tests/support/link-fixtures';

let counter = 0;
async function newToken() {
  const agent = await createAgent({ email: `api-${++counter}@example.com`, name: `API ${counter}`, password: 'password-123' }, systemActor);
  return { agent, ...createApiToken({ agentId: agent.id, label: 'test' }, systemActor) };
}

const noParams = { params: Promise.resolve({}) };

function request(token: string | null, init: RequestInit & { url?: string } = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return new Request(init.url ?? 'http://parley.test/api/v1/things', { ...init, headers });
}

async function errorOf(response: Response) {
  return { status: response.status, ...((await response.json()) as { error: { code: string; message: string } }).error };
}

afterEach(() => vi.restoreAllMocks());

describe('apiHandler', () => {
  it('passes the token’s agent, the parsed ids and the JSON body to the handler', async () => {
    const { agent, token } = await newToken();
    const handler = apiHandler({ id: 'Ticket' }, ({ agent: who, ids, body }) => Response.json({ who: who.id, ids, body }, { status: 201 }));
    const response = await handler(
      request(token, { method: 'POST', body: JSON.stringify({ message: 'hi' }) }),
      { params: Promise.resolve({ id: '42' }) },
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ who: agent.id, ids: { id: 42 }, body: { message: 'hi' } });
  });

  it('answers 401 before anything else: no header, a bad token, a revoked token', async () => {
    const ran = vi.fn(() => new Response(null, { status: 204 }));
    const handler = apiHandler({ id: 'Ticket' }, ran);
    const malformedNoToken = await handler(request(null, { method: 'POST', body: '{' }), { params: Promise.resolve({ id: 'abc' }) });
    expect(await errorOf(malformedNoToken)).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await errorOf(await handler(request('pk_nope'), noParams))).toMatchObject({ status: 401, code: 'unauthorized' });

    const { token, row } = await newToken();
    revokeApiToken({ id: row.id }, systemActor);
    expect(await errorOf(await handler(request(token), { params: Promise.resolve({ id: '1' }) }))).toMatchObject({ status: 401 });
    expect(ran).not.toHaveBeenCalled();
  });

  it('answers 404 naming the thing for an id that is not a positive whole number', async () => {
    const { token } = await newToken();
    const handler = apiHandler({ id: 'Ticket', participantId: 'Participant' }, () => new Response(null, { status: 204 }));
    for (const [id, participantId, what] of [
      ['abc', '1', 'Ticket'],
      ['1', '0', 'Participant'],
      ['1.5', '1', 'Ticket'],
      ['1', '-3', 'Participant'],
      ['99999999999999999999', '1', 'Ticket'],
    ]) {
      const response = await handler(request(token), { params: Promise.resolve({ id, participantId }) });
      expect(await errorOf(response)).toEqual({ status: 404, code: 'not_found', message: `${what} not found.` });
    }
  });

  it('answers 400 for a body that is empty, not JSON, or not an object, saying which', async () => {
    const { token } = await newToken();
    const ran = vi.fn(() => new Response(null, { status: 204 }));
    const handler = apiHandler(ran);
    const empty = 'The request body is empty; send a JSON object.';
    const notJson = 'The request body is not valid JSON.';
    const notObject = 'The request body must be a JSON object.';
    for (const [body, message] of [
      ['', empty],
      [' \n ', empty],
      ['{"subject":', notJson],
      [' {"subject":', notJson],
      ['[1,2]', notObject],
      ['"text"', notObject],
      ['null', notObject],
      ['42', notObject],
    ]) {
      const response = await handler(request(token, { method: 'PATCH', body }), noParams);
      expect([body, await errorOf(response)]).toEqual([body, { status: 400, code: 'bad_request', message }]);
    }
    expect(ran).not.toHaveBeenCalled();
  });

  it('gives answers and refusals the API’s security headers: no caching, no sniffing', async () => {
    const { token } = await newToken();
    const handler = apiHandler(() => Response.json({ fine: true }));
    for (const response of [await handler(request(token), noParams), await handler(request(null), noParams)]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toBeNull();
    }
  });

  it('reads no body for GET and DELETE', async () => {
    const { token } = await newToken();
    const handler = apiHandler(({ body }) => Response.json(body));
    expect(await (await handler(request(token, { method: 'DELETE' }), noParams)).json()).toEqual({});
  });

  it('turns AppErrors and zod errors into their responses', async () => {
    const { token } = await newToken();
    const conflict = apiHandler(() => {
      throw new AppError('conflict', 'Already there.');
    });
    expect(await errorOf(await conflict(request(token), noParams))).toEqual({ status: 409, code: 'conflict', message: 'Already there.' });

    const zodThrow = apiHandler(() => {
      z.object({ email: z.email() }).parse({ email: 'nope' });
      return new Response(null);
    });
    const response = await zodThrow(request(token), noParams);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { code: 'validation_failed', fields: { email: expect.any(String) } } });
  });

  it('logs an unexpected failure and answers 500 without its details', async () => {
    const { token } = await newToken();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = apiHandler(() => {
      throw new Error('disk on fire');
    });
    const response = await broken(request(token), noParams);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('disk on fire');
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('GET /api/v1/things'), expect.any(Error));
  });
});

describe('multipart bodies', () => {
  const form = (fields: Record<string, string>, files: [string, string][] = []) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.append(name, value);
    for (const [filename, text] of files) data.append('files', new Blob([text], { type: 'text/plain' }), filename);
    return data;
  };

  it('reach a route made with apiHandlerWithFiles as nested fields and stored files', async () => {
    const { token } = await newToken();
    const handler = apiHandlerWithFiles({ id: 'Ticket' }, ({ ids, body, files }) =>
      Response.json({ ids, body, files: files.map((f) => [f.filename, f.size]) }),
    );
    const response = await handler(
      request(token, { method: 'POST', body: form({ message: 'see file', 'customer.email': 'c@x.test', 'customer[name]': 'Cy' }, [['log.txt', 'hello']]) }),
      { params: Promise.resolve({ id: '7' }) },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ids: { id: 7 }, body: { message: 'see file', customer: { email: 'c@x.test', name: 'Cy' } }, files: [['log.txt', 5]] });
  });

  it('are refused with 400 by every route that takes JSON only, whichever way it was made', async () => {
    const { token } = await newToken();
    const ran = vi.fn(() => new Response(null, { status: 204 }));
    for (const handler of [apiHandler(ran), apiHandler({ id: 'Ticket' }, ran)]) {
      const response = await handler(request(token, { method: 'POST', body: form({ message: 'hi' }) }), { params: Promise.resolve({ id: '1' }) });
      expect(await errorOf(response)).toEqual({ status: 400, code: 'bad_request', message: 'This route takes a JSON object, not multipart/form-data.' });
    }
    expect(ran).not.toHaveBeenCalled();
  });

  it('name nested fields only as `parent.child` or `parent[child]`; anything else stays as it was sent', () => {
    expect(
      nestFormFields({
        'customer.email': 'a@x.test',
        'customer[name]': 'Ann',
        'x-customer.email': 'flat',
        'customer.email.extra': 'flat too',
        'customer[a-b]': 'flat as well',
        private: 'true',
      }),
    ).toEqual({
      customer: { email: 'a@x.test', name: 'Ann' },
      'x-customer.email': 'flat',
      'customer.email.extra': 'flat too',
      'customer[a-b]': 'flat as well',
      private: 'true',
    });
    // A nested field is not lost to a plain one of the same name, whichever comes first.
    expect(nestFormFields({ customer: 'plain', 'customer.email': 'a@x.test' })).toEqual({ customer: { email: 'a@x.test' } });
    expect(nestFormFields({ 'customer.email': 'a@x.test', customer: 'plain' })).toEqual({ customer: { email: 'a@x.test' } });
  });
});

describe('API views', () => {
  it('show a ticket with its private notes, each reply’s files, its participants and the customer’s link', async () => {
    setSettings({ participantsEnabled: true });
    const admin = await newAgent('admin');
    const ticket = createTicket(
      { subject: unique('API view'), message: 'First', customer: { email: `${unique('api-view')}@customer.test`, name: 'Vi' } },
      { kind: 'public', source: 'web' },
    );
    const log = await storeAttachmentFile({ data: Buffer.from(`log ${Math.random()}`), filename: 'server.log' });
    const reply = addAgentReply({ ticketId: ticket.id, agent: admin, message: 'Fixed, see log', files: [log] });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'internal only', private: 'true' });
    const guest = addParticipant({ ticketId: ticket.id, agent: admin, input: { email: `${unique('api-guest')}@guests.test` } });

    const view = loadTicketView(ticket);
    expect(view.replies.map((r) => [r.body, r.private])).toEqual([
      ['First', false],
      ['Fixed, see log', false],
      ['internal only', true],
    ]);
    const file = { filename: 'server.log', contentType: 'text/plain', url: expect.stringMatching(/\/api\/v1\/attachments\/\d+$/) };
    expect(view.replies[1].attachments).toEqual([expect.objectContaining(file)]);
    expect(view.participants.map((p) => p.email)).toEqual([guest.email]);
    expect(view.customer.ticketUrl).toMatch(new RegExp(`/t/${ticket.id}\\.c${ticket.customerId}\\.`));

    expect(loadReplyView(reply).attachments).toEqual([expect.objectContaining(file)]);
    const page = loadRepliesPageView(listRepliesPage({ ticketId: ticket.id, includePrivate: true, limit: 2 }));
    expect(page.replies.map((r) => [r.body, r.attachments.length])).toEqual([
      ['Fixed, see log', 1],
      ['internal only', 0],
    ]);
  });
});

describe('parseQuery with the ticket list query', () => {
  const query = (search: string) => parseQuery(new Request(`http://parley.test/api/v1/tickets${search}`), apiTicketListQuerySchema);

  it('defaults everything and treats empty values as missing', () => {
    const none = { priority: undefined, tag: undefined, sort: 'activity', format: 'json' };
    expect(query('')).toEqual({ q: '', page: 1, status: undefined, assignee: 'any', ...none });
    expect(query('?status=&page=&assignee=&priority=&tag=&sort=')).toEqual({ q: '', page: 1, status: undefined, assignee: 'any', ...none });
    expect(query('?status=hold&q=%20printer%20&page=3&assignee=mine')).toEqual({ q: 'printer', page: 3, status: 'hold', assignee: 'mine', ...none });
    expect(query('?priority=urgent&tag=%20vip%20&sort=due')).toMatchObject({ priority: 'urgent', tag: 'vip', sort: 'due' });
    expect(query('?format=csv')).toMatchObject({ format: 'csv' });
  });

  it('refuses a bad status, page or assignee with a 422 naming it', () => {
    for (const [search, field] of [
      ['?status=pending', 'status'],
      ['?page=0', 'page'],
      ['?page=two', 'page'],
      ['?page=1.5', 'page'],
      ['?assignee=bob', 'assignee'],
      ['?priority=critical', 'priority'],
      ['?sort=random', 'sort'],
      ['?format=xml', 'format'],
    ]) {
      let error: unknown;
      try {
        query(search);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).fields).toHaveProperty(field);
    }
  });
});

describe('agentReplySchema private flag', () => {
  it('accepts booleans and what forms send, and refuses anything else', () => {
    const flag = (value: unknown) => agentReplySchema.safeParse({ message: 'hi', private: value });
    expect(flag(true).data?.private).toBe(true);
    expect(flag('on').data?.private).toBe(true);
    expect(flag(false).data?.private).toBe(false);
    expect(flag(undefined).data?.private).toBe(false);
    for (const garbled of [1, 'yes', null, {}]) expect(flag(garbled).success).toBe(false);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createAgent } from '@/lib/agents';
import { apiHandler, apiTicketListQuerySchema, parseQuery } from '@/lib/api';
import { createApiToken, revokeApiToken } from '@/lib/api-tokens';
import { systemActor } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { agentReplySchema } from '@/lib/tickets';

let counter = 0;
async function newToken() {
  const agent = await createAgent({ email: `api-${++counter}@example.com`, name: `API ${counter}`, password: 'password123' }, systemActor);
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

  it('answers 400 for a body that is empty, not JSON, or not an object', async () => {
    const { token } = await newToken();
    const ran = vi.fn(() => new Response(null, { status: 204 }));
    const handler = apiHandler(ran);
    for (const body of ['', '{"subject":', '[1,2]', '"text"', 'null', '42']) {
      const response = await handler(request(token, { method: 'PATCH', body }), noParams);
      expect(await errorOf(response)).toMatchObject({ status: 400, code: 'bad_request' });
    }
    expect(ran).not.toHaveBeenCalled();
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

describe('parseQuery with the ticket list query', () => {
  const query = (search: string) => parseQuery(new Request(`http://parley.test/api/v1/tickets${search}`), apiTicketListQuerySchema);

  it('defaults everything and treats empty values as missing', () => {
    expect(query('')).toEqual({ q: '', page: 1, status: undefined, assignee: 'any' });
    expect(query('?status=&page=&assignee=')).toEqual({ q: '', page: 1, status: undefined, assignee: 'any' });
    expect(query('?status=hold&q=%20printer%20&page=3&assignee=mine')).toEqual({ q: 'printer', page: 3, status: 'hold', assignee: 'mine' });
  });

  it('refuses a bad status, page or assignee with a 422 naming it', () => {
    for (const [search, field] of [
      ['?status=pending', 'status'],
      ['?page=0', 'page'],
      ['?page=two', 'page'],
      ['?page=1.5', 'page'],
      ['?assignee=bob', 'assignee'],
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

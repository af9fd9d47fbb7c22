import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { actionOutcome, buildActions, encodeFormAction } from './support/actions';
import { countRows, grownTables, openReadOnly } from './support/db';
import { appDatabasePath, appUrl, serverLog } from './support/env';
import { printFigure } from './support/figures';
import { send, type Request } from './support/http';
import { readWorld } from './support/world';

// A fuzz of every public endpoint and API route: wrong types, 5 MB bodies, deep JSON, invalid UTF-8, NUL bytes,
// traversal, duplicate parameters, odd methods and content types. Requests go one at a time so the rows of each
// can be counted: a refused request (4xx, or an action answering with an error) must store nothing, no request may
// get a 5xx, and the server must log no unhandled error.

type Case = { label: string; request: Request; action?: boolean };

const FIVE_MB = 5 * 1024 * 1024;
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const invalidUtf8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]);
// Values for a field of the wrong type or shape.
const oddValues: unknown[] = [123, -1, 1e308, true, null, [], ['a', 'b'], {}, { $gt: '' }, 'x'.repeat(100_000), 'a\u0000b', '../../../../etc/passwd', '%00', '\u202e\ufeff', '<script>', "' OR 1=1 --"];

const json = (method: string, path: string, body: string | Buffer, bearer?: string): Request => ({
  method,
  path,
  bearer,
  headers: { 'content-type': 'application/json' },
  body,
});

// `fullSize`: also a well-formed 5 MB value (one route and one action each; every route gets a 5 MB body).
function jsonRouteCases(label: string, method: string, path: string, valid: Record<string, unknown>, bearer: string, fullSize = false): Case[] {
  const cases: Case[] = [];
  for (const key of Object.keys(valid)) {
    for (const value of oddValues) cases.push({ label: `${label} ${key}=${JSON.stringify(value).slice(0, 20)}`, request: json(method, path, JSON.stringify({ ...valid, [key]: value }), bearer) });
  }
  const raw = (what: string, body: string | Buffer, contentType = 'application/json') =>
    cases.push({ label: `${label} ${what}`, request: { method, path, bearer, headers: { 'content-type': contentType }, body } });
  raw('5 MB of garbage', Buffer.alloc(FIVE_MB, 0x41));
  if (fullSize) raw('5 MB string field', JSON.stringify({ ...valid, [Object.keys(valid)[0]]: 'A'.repeat(FIVE_MB) }));
  raw('deep array', deepArray(50_000));
  raw('deep object', deepObject(50_000));
  raw('invalid UTF-8', Buffer.concat([Buffer.from(`{"${Object.keys(valid)[0]}":"`), invalidUtf8, Buffer.from('"}')]));
  raw('raw NUL bytes', Buffer.from('{"a":"\u0000"}\u0000\u0000'));
  raw('duplicate keys', `{${Object.entries(valid).map(([k, v]) => `"${k}":${JSON.stringify(v)},"${k}":[1,2]`).join(',')}}`);
  raw('prototype keys', JSON.stringify({ ...valid, __proto__: { admin: true }, constructor: { prototype: { admin: true } } }).replace('"admin"', '"admin"'));
  raw('empty body', '');
  raw('null', 'null');
  raw('array', '[]');
  raw('string', '"text"');
  raw('huge number', '1e999999');
  raw('form body', 'subject=a&message=b', 'application/x-www-form-urlencoded');
  raw('text body', 'hello', 'text/plain');
  raw('broken multipart', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', 'multipart/form-data; boundary=x');
  return cases;
}

function pathCases(label: string, prefix: string, bearer?: string, cookie?: string): Case[] {
  const tails = ['..%2f..%2f..%2fetc%2fpasswd', '..%5c..%5cwindows', '%2e%2e/%2e%2e/settings', '1%00', '%00', '-1', '0', '1.5', '1e3', '99999999999999999999', '0x10', '%ff%fe', '..', '.', 'a'.repeat(5_000), '%E2%80%AE1', '1;DROP%20TABLE%20tickets'];
  return tails.map((tail) => ({ label: `${label} ${tail.slice(0, 30)}`, request: { path: `${prefix}${tail}`, bearer, cookie } }));
}

function queryCases(label: string, path: string, bearer?: string, cookie?: string): Case[] {
  const queries = ['page=1&page=2', 'status=open&status=bogus', 'q=a&q=b&q=c', 'page=-1', 'page=1e9', 'page=%00', 'q=%00%00', `q=${'x'.repeat(50_000)}`, 'q=%ff%fe%c3%28', 'assignee[]=mine', 'q[$gt]=', 'status=open%00', '__proto__[admin]=1'];
  return queries.map((q) => ({ label: `${label}?${q.slice(0, 30)}`, request: { path: `${path}?${q}`, bearer, cookie } }));
}

async function actionCases(key: string, page: string, valid: Record<string, string>, { cookie, fullSize = false }: { cookie?: string; fullSize?: boolean } = {}): Promise<Case[]> {
  const actionId = buildActions().get(key)!.id;
  const cases: Case[] = [];
  const post = async (what: string, fields: Record<string, string>) => {
    const { body, contentType } = await encodeFormAction(fields);
    cases.push({ label: `${key.split('#')[1]} ${what}`, action: true, request: { method: 'POST', path: page, cookie, headers: { 'next-action': actionId, accept: 'text/x-component', 'content-type': contentType }, body } });
  };
  const raw = (what: string, body: string | Buffer, contentType: string, id = actionId) =>
    cases.push({ label: `${key.split('#')[1]} ${what}`, action: true, request: { method: 'POST', path: page, cookie, headers: { 'next-action': id, accept: 'text/x-component', 'content-type': contentType }, body } });
  for (const field of Object.keys(valid)) {
    for (const value of ['', 'a\u0000b', '../../../etc/passwd', 'x'.repeat(100_000), '\ud800', '-1', '1e999', '[object Object]']) await post(`${field}=${value.slice(0, 12)}`, { ...valid, [field]: value });
  }
  if (fullSize) await post('5 MB field', { ...valid, [Object.keys(valid)[0]]: 'A'.repeat(FIVE_MB) });
  await post('unknown fields', { ...valid, __proto__x: '1', constructor: 'x', ['a'.repeat(300)]: 'b' });
  raw('broken multipart', '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"', 'multipart/form-data; boundary=x');
  raw('multipart without boundary', 'garbage', 'multipart/form-data');
  raw('deep arguments', deepArray(50_000), 'text/plain;charset=UTF-8');
  raw('deep object arguments', deepObject(50_000), 'text/plain;charset=UTF-8');
  raw('invalid UTF-8 arguments', invalidUtf8, 'text/plain;charset=UTF-8');
  raw('5 MB arguments', `["${'A'.repeat(FIVE_MB)}"]`, 'text/plain;charset=UTF-8');
  raw('unknown action id', '[]', 'text/plain;charset=UTF-8', 'ff'.repeat(21));
  raw('garbage action id', '[]', 'text/plain;charset=UTF-8', '../../etc/passwd');
  return cases;
}

// Upload endpoints: broken and odd multipart bodies, odd filenames and types, and 5 MB of garbage.
function uploadCases(label: string, path: string, cookie?: string, bearer?: string): Case[] {
  const cases: Case[] = [];
  const raw = (what: string, body: string | Buffer, contentType: string) => cases.push({ label: `${label} ${what}`, request: { method: 'POST', path, cookie, bearer, headers: { 'content-type': contentType }, body } });
  const file = (what: string, disposition: string, type = 'text/plain', content: string | Buffer = 'hello') =>
    raw(what, Buffer.concat([Buffer.from(`--x\r\ncontent-disposition: form-data; ${disposition}\r\ncontent-type: ${type}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n--x--\r\n')]), 'multipart/form-data; boundary=x');
  raw('broken multipart', '--x\r\ncontent-disposition: form-data; name="files"; filename="a.txt"\r\n\r\nunterminated', 'multipart/form-data; boundary=x');
  raw('multipart without boundary', 'garbage', 'multipart/form-data');
  raw('JSON body', '{"files":[]}', 'application/json');
  raw('no body', '', 'multipart/form-data; boundary=x');
  raw('5 MB of garbage', Buffer.alloc(FIVE_MB, 0x41), 'multipart/form-data; boundary=x');
  file('no filename', 'name="files"');
  file('traversal filename', 'name="files"; filename="../../../../etc/passwd"');
  file('NUL filename', 'name="files"; filename="a\u0000b.txt"');
  file('empty filename', 'name="files"; filename=""');
  file('long filename', `name="files"; filename="${'a'.repeat(5_000)}.txt"`);
  file('invalid UTF-8 filename', 'name="files"; filename="\udcff.txt"');
  file('odd content type', 'name="files"; filename="a.html"', 'text/html; charset=../../x', '<script>alert(1)</script>');
  file('empty file', 'name="files"; filename="empty.txt"', 'text/plain', '');
  file('other field name', 'name="__proto__"; filename="a.txt"');
  return cases;
}

test('fuzz: no 5xx, nothing stored from refused requests', async () => {
  const w = readWorld();
  const bearer = w.adminToken;
  const T = w.ticket.id;
  const customerLink = w.credentials.customer.link!;
  const cases: Case[] = [
    ...jsonRouteCases('POST /api/v1/tickets', 'POST', '/api/v1/tickets', { subject: 'Fuzz', message: 'Fuzz', customer: { email: 'fuzz@example.test' } }, bearer, true),
    ...jsonRouteCases('PATCH /api/v1/tickets/:id', 'PATCH', `/api/v1/tickets/${T}`, { status: 'open', assigneeEmail: w.agentEmails.agent }, bearer),
    ...jsonRouteCases('POST replies', 'POST', `/api/v1/tickets/${T}/replies`, { message: 'Fuzz', private: true }, bearer),
    ...jsonRouteCases('POST participants', 'POST', `/api/v1/tickets/${T}/participants`, { email: 'fuzz-participant@example.test', name: 'Fuzz' }, bearer),
    ...jsonRouteCases('POST /api/v1/customers', 'POST', '/api/v1/customers', { email: 'fuzz-customer@example.test', name: 'Fuzz', company: 'Fuzz Co' }, bearer),
    ...jsonRouteCases('POST /api/v1/companies', 'POST', '/api/v1/companies', { name: 'Fuzz Co' }, bearer),
    ...jsonRouteCases('PATCH /api/v1/settings', 'PATCH', '/api/v1/settings', { siteName: 'Parley', ticketPrefix: 'PAR-' }, bearer),
    ...pathCases('GET /api/v1/tickets/', '/api/v1/tickets/', bearer),
    ...pathCases('DELETE participant', `/api/v1/tickets/${T}/participants/`, bearer).map((c) => ({ ...c, request: { ...c.request, method: 'DELETE' } })),
    ...pathCases('GET /t/', '/t/'),
    ...pathCases('GET /t/<link>/files/', `/t/${customerLink}/files/`),
    ...pathCases('GET /api/v1/attachments/', '/api/v1/attachments/', bearer),
    ...pathCases('DELETE /api/v1/attachments/', '/api/v1/attachments/', bearer).map((c) => ({ ...c, request: { ...c.request, method: 'DELETE' } })),
    ...pathCases('GET /tickets/:id/files/', `/tickets/${T}/files/`, undefined, w.adminCookie),
    ...pathCases('GET /admin/inbound/', '/admin/inbound/', undefined, w.adminCookie),
    ...pathCases('GET /tickets/:id/original/', `/tickets/${T}/original/`, undefined, w.adminCookie),
    ...uploadCases('POST /submit/uploads', '/submit/uploads'),
    ...uploadCases('POST /t/<link>/uploads', `/t/${customerLink}/uploads`),
    ...uploadCases('POST /api/uploads', '/api/uploads', w.adminCookie),
    ...uploadCases('POST replies multipart', `/api/v1/tickets/${T}/replies`, undefined, bearer),
    ...jsonRouteCases('POST /api/inbound/resend', 'POST', '/api/inbound/resend', { type: 'email.received', data: { email_id: 'fuzz' } }, ''),
    ...pathCases('GET /unsubscribe/', '/unsubscribe/'),
    ...pathCases('POST /unsubscribe/', '/unsubscribe/').map((c) => ({ ...c, request: { ...c.request, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' } })),
    ...pathCases('GET /customers/', '/customers/', undefined, w.adminCookie),
    ...queryCases('GET /api/v1/tickets', '/api/v1/tickets', bearer),
    ...queryCases('GET /api/v1/customers', '/api/v1/customers', bearer),
    ...queryCases('GET /api/v1/companies', '/api/v1/companies', bearer),
    ...queryCases('GET /api/internal/customers/search', '/api/internal/customers/search', undefined, w.adminCookie),
    ...queryCases('GET /tickets', '/tickets', undefined, w.adminCookie),
    ...queryCases('GET /login', '/login'),
    ...['TRACE', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'PROPFIND'].map((method) => ({ label: `${method} /api/v1/tickets`, request: { method, path: '/api/v1/tickets', bearer } })),
    ...['TRACE', 'PUT', 'DELETE'].map((method) => ({ label: `${method} /t/<link>`, request: { method, path: `/t/${customerLink}` } })),
    { label: 'GET /api/auth/callback/credentials', request: { path: '/api/auth/callback/credentials' } },
    { label: 'POST /api/auth/callback/credentials garbage', request: { method: 'POST', path: '/api/auth/callback/credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=%00&password[]=1&csrfToken=x' } },
    { label: 'POST /api/auth/callback/credentials 5 MB', request: { method: 'POST', path: '/api/auth/callback/credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${'a'.repeat(FIVE_MB)}` } },
    { label: 'GET /api/auth/nonsense', request: { path: '/api/auth/..%2f..%2fsettings' } },
    { label: 'POST /api/auth/signout without csrf', request: { method: 'POST', path: '/api/auth/signout', cookie: w.adminCookie } },
    { label: 'GET /_next/ traversal', request: { path: '/_next/static/..%2f..%2fserver%2fapp-paths-manifest.json' } },
    { label: 'GET /%00', request: { path: '/%00' } },
    { label: 'GET absolute-form', request: { path: 'http://evil.test/api/v1/settings', bearer } },
    ...(await actionCases('app/submit/actions.ts#submitTicketAction', '/submit', { name: 'Fuzz', email: 'fuzz-web@example.test', subject: 'Fuzz', message: 'Fuzz' }, { fullSize: true })),
    ...(await actionCases('app/t/[token]/actions.ts#sendLinkReplyAction', `/t/${customerLink}`, { token: customerLink, email: w.ticket.customerEmail, message: 'Fuzz' })),
    ...(await actionCases('app/t/[token]/actions.ts#requestFreshLinkAction', `/t/${customerLink}`, { token: customerLink, email: 'nobody@example.test' })),
    ...(await actionCases('app/(agent)/tickets/actions.ts#replyAction', `/tickets/${T}`, { ticketId: String(T), message: 'Fuzz', private: 'on' }, { cookie: w.adminCookie })),
  ];

  const db = openReadOnly(appDatabasePath);
  const logStart = fs.statSync(serverLog).size;
  const serverErrors: string[] = [];
  const storedByRefused: string[] = [];
  let refused = 0;
  for (const c of cases) {
    const before = countRows(db);
    let reply;
    try {
      reply = await send(appUrl, c.request);
    } catch (error) {
      serverErrors.push(`${c.label}: no answer (${(error as Error).message})`);
      continue;
    }
    const stored = grownTables(before, countRows(db));
    if (reply.status >= 500) serverErrors.push(`${c.label} → ${reply.status} ${reply.body.slice(0, 120)}`);
    const wasRefused = c.action ? actionOutcome(reply) !== 'ok' : reply.status >= 400;
    if (wasRefused) {
      refused += 1;
      if (Object.keys(stored).length > 0) storedByRefused.push(`${c.label} → ${reply.status}: ${JSON.stringify(stored)}`);
    }
  }
  db.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const log = fs.readFileSync(serverLog, 'utf8').slice(logStart);
  const loggedErrors = log.split('\n').filter((line) => /error|unhandled|⨯/i.test(line));

  printFigure('fuzz', `${cases.length} requests, ${refused} refused, ${serverErrors.length} 5xx, ${storedByRefused.length} refused requests stored rows, ${loggedErrors.length} errors logged`);
  expect(serverErrors, 'requests answered with a 5xx').toEqual([]);
  expect(storedByRefused, 'refused requests that stored rows').toEqual([]);
  expect(loggedErrors.slice(0, 20), 'errors the server logged while fuzzed').toEqual([]);
});

// A small HTTP client on node:http for the suite: raw paths (no URL normalisation, so traversal and NUL bytes reach
// the server as sent), any method, byte bodies, no redirects followed, and a bounded pool for bursts.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };
export type Request = {
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  cookie?: string;
  bearer?: string;
};

// No keep-alive: a reused socket the server has just timed out fails with "socket hang up" on a loaded machine.
const agent = new http.Agent({ keepAlive: false, maxSockets: 64 });

/** A made-up client address, so per-address rate limits (TRUST_PROXY) never mix two simulated visitors. */
export const visitorAddress = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;

export function send(baseUrl: string, request: Request, { timeoutMs = 60_000, via = agent }: { timeoutMs?: number; via?: http.Agent } = {}): Promise<Reply> {
  const base = new URL(baseUrl);
  const headers: Record<string, string | string[]> = { 'x-forwarded-for': visitorAddress(), ...request.headers };
  if (request.cookie) headers.cookie = request.cookie;
  if (request.bearer) headers.authorization = `Bearer ${request.bearer}`;
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, method: request.method ?? 'GET', path: request.path, headers, agent: via, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${request.method ?? 'GET'} ${request.path} timed out`)));
    req.on('error', reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the items' order. */
export async function pool<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The `name=value` pairs of a response's Set-Cookie headers, as one Cookie header. */
export function cookiesFrom(reply: Reply, existing = ''): string {
  const jar = new Map(existing.split('; ').filter(Boolean).map((pair) => [pair.split('=')[0], pair] as const));
  for (const line of reply.headers['set-cookie'] ?? []) {
    const pair = line.split(';')[0];
    jar.set(pair.split('=')[0], pair);
  }
  return [...jar.values()].join('; ');
}

/** Signs an agent in through next-auth's credentials endpoint, as the login form does; returns the session cookie. */
export async function signIn(baseUrl: string, credentials: { email: string; password: string }): Promise<string> {
  const csrf = await send(baseUrl, { path: '/api/auth/csrf' });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email: credentials.email, password: credentials.password, json: 'true' });
  const result = await send(baseUrl, {
    method: 'POST',
    path: '/api/auth/callback/credentials',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    cookie: cookiesFrom(csrf),
  });
  const cookie = cookiesFrom(result);
  if (!/session-token=/.test(cookie)) throw new Error(`sign-in as ${credentials.email} failed: ${result.status} ${result.body.slice(0, 200)}`);
  return cookie.split('; ').filter((pair) => pair.includes('session-token')).join('; ');
}

/** The REST API with a bearer token; throws unless the call succeeded. */
export async function api<T = Record<string, unknown>>(baseUrl: string, token: string, method: string, path: string, data?: unknown): Promise<T> {
  const reply = await send(baseUrl, {
    method,
    path,
    bearer: token,
    ...(data === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) }),
  });
  if (reply.status >= 300) throw new Error(`${method} ${path} answered ${reply.status}: ${reply.body.slice(0, 300)}`);
  return (reply.status === 204 ? {} : JSON.parse(reply.body)) as T;
}

/** A multipart/form-data body with text fields and `files` parts, as a browser or an API client sends it. */
export function multipart(fields: Record<string, string>, files: { name?: string; filename: string; type: string; content: string }[]): { headers: Record<string, string>; body: Buffer } {
  const boundary = `----reliability${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.name ?? 'files'}"; filename="${file.filename}"\r\ncontent-type: ${file.type}\r\n\r\n${file.content}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.concat(parts) };
}

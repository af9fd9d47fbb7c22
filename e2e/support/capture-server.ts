// A loopback stand-in for Resend's HTTP API, used by the e2e suite through RESEND_BASE_URL.
// POST /emails stores the message (deduplicated by Idempotency-Key, as Resend does); control routes under /__
// let tests read what arrived and simulate an outage.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

type Captured = { id: string; idempotencyKey: string | null; receivedAt: string; body: Record<string, unknown> };

const messages: Captured[] = [];
const byKey = new Map<string, Captured>();
let failuresLeft = 0;
let requestCount = 0;

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://capture');
  try {
    if (url.pathname === '/__health') return send(res, 200, { ok: true });
    if (url.pathname === '/__messages' && req.method === 'GET') return send(res, 200, { messages, requestCount });
    if (url.pathname === '/__messages' && req.method === 'DELETE') {
      messages.length = 0;
      byKey.clear();
      requestCount = 0;
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/__outage' && req.method === 'POST') {
      const { failures } = (await readJson(req)) as { failures?: number };
      failuresLeft = Math.max(0, Number(failures ?? 0));
      return send(res, 200, { failuresLeft });
    }
    if (url.pathname === '/emails' && req.method === 'POST') {
      requestCount += 1;
      if (!String(req.headers.authorization ?? '').startsWith('Bearer ')) {
        return send(res, 401, { name: 'missing_api_key', message: 'Missing API key', statusCode: 401 });
      }
      const body = (await readJson(req)) as Record<string, unknown>;
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        return send(res, 500, { name: 'internal_server_error', message: 'Simulated outage', statusCode: 500 });
      }
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      const seen = key ? byKey.get(key) : undefined;
      if (seen) return send(res, 200, { id: seen.id });
      const captured: Captured = { id: randomUUID(), idempotencyKey: key, receivedAt: new Date().toISOString(), body };
      messages.push(captured);
      if (key) byKey.set(key, captured);
      return send(res, 200, { id: captured.id });
    }
    send(res, 404, { name: 'not_found', message: `No route ${req.method} ${url.pathname}`, statusCode: 404 });
  } catch (error) {
    send(res, 400, { name: 'validation_error', message: String(error), statusCode: 400 });
  }
});

const port = Number(process.env.CAPTURE_PORT ?? 3199);
server.listen(port, '127.0.0.1', () => console.log(`capture server on http://127.0.0.1:${port}`));

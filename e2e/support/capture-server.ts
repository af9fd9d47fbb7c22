// A loopback stand-in for Resend's HTTP API, used by the e2e suite through RESEND_BASE_URL.
// POST /emails stores the message (deduplicated by Idempotency-Key, as Resend does); control routes under /__
// let tests read what arrived and simulate an outage:
//   POST /__outage {failures: N}                      the next N sends answer 500 and store nothing
//   POST /__outage {failures: N, loseResponse: true}  the next N sends are stored, but answer 500 (a lost response)
//   POST /__outage {failures: N, status: 422}         the next N sends are refused as invalid (a permanent error)
//   POST /__outage {failures: N, to: "a@b.test"}      only sends to that address count and fail
//   POST /__outage {failures: N, drop: true}          the next N sends get no answer: the connection is cut (unreachable)
//   GET  /__outage                                    how many failures are left
// and it plays Resend's receiving API for inbound mail:
//   POST /__inbound {id, raw}                         makes a received email available under that id
//   GET  /emails/receiving/:id                        what the SDK's emails.receiving.get fetches (raw download link)
//   GET  /__raw/:id                                   the raw RFC 822 message
import { randomUUID } from 'node:crypto';
import http from 'node:http';

// attempts: how many requests carried this message's idempotency key (retries after a lost response).
type Captured = { id: string; idempotencyKey: string | null; receivedAt: string; attempts: number; body: Record<string, unknown> };

const messages: Captured[] = [];
const byKey = new Map<string, Captured>();
type Outage = { failuresLeft: number; status: number; loseResponse: boolean; drop: boolean; to: string | null };
let outage: Outage = { failuresLeft: 0, status: 500, loseResponse: false, drop: false, to: null };
let requestCount = 0;
const received = new Map<string, string>();

const recipientsOf = (body: Record<string, unknown>) => [body.to].flat().map(String);

function failureBody(status: number) {
  return status >= 500
    ? { name: 'internal_server_error', message: 'Simulated outage', statusCode: status }
    : { name: 'validation_error', message: 'Simulated rejection', statusCode: status };
}

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
      const { failures, status, loseResponse, drop, to } = (await readJson(req)) as { failures?: number; status?: number; loseResponse?: boolean; drop?: boolean; to?: string };
      outage = { failuresLeft: Math.max(0, Number(failures ?? 0)), status: Number(status ?? 500), loseResponse: !!loseResponse, drop: !!drop, to: to ?? null };
      return send(res, 200, outage);
    }
    if (url.pathname === '/__outage' && req.method === 'GET') return send(res, 200, outage);
    if (url.pathname === '/__inbound' && req.method === 'POST') {
      const { id, raw } = (await readJson(req)) as { id: string; raw: string };
      received.set(id, raw);
      return send(res, 200, { ok: true });
    }
    const receiving = /^\/(emails\/receiving|__raw)\/([^/]+)$/.exec(url.pathname);
    if (receiving && req.method === 'GET') {
      const raw = received.get(receiving[2]);
      if (raw === undefined) return send(res, 404, { name: 'not_found', message: 'Email not found', statusCode: 404 });
      if (receiving[1] === '__raw') {
        res.writeHead(200, { 'content-type': 'message/rfc822' });
        return res.end(raw);
      }
      const base = `http://${req.headers.host}`;
      return send(res, 200, { object: 'email', id: receiving[2], raw: { download_url: `${base}/__raw/${receiving[2]}`, expires_at: new Date(Date.now() + 3600_000).toISOString() }, attachments: [] });
    }
    if (url.pathname === '/emails' && req.method === 'POST') {
      requestCount += 1;
      if (!String(req.headers.authorization ?? '').startsWith('Bearer ')) {
        return send(res, 401, { name: 'missing_api_key', message: 'Missing API key', statusCode: 401 });
      }
      const body = (await readJson(req)) as Record<string, unknown>;
      const failing = outage.failuresLeft > 0 && (outage.to === null || recipientsOf(body).includes(outage.to));
      if (failing) outage.failuresLeft -= 1;
      if (failing && outage.drop) return req.socket.destroy();
      if (failing && !outage.loseResponse) return send(res, outage.status, failureBody(outage.status));
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      let captured = key ? byKey.get(key) : undefined;
      if (captured) captured.attempts += 1;
      else {
        captured = { id: randomUUID(), idempotencyKey: key, receivedAt: new Date().toISOString(), attempts: 1, body };
        messages.push(captured);
        if (key) byKey.set(key, captured);
      }
      // A lost response: the message was accepted, but the sender cannot know it and will try again.
      if (failing) return send(res, outage.status, failureBody(outage.status));
      return send(res, 200, { id: captured.id });
    }
    send(res, 404, { name: 'not_found', message: `No route ${req.method} ${url.pathname}`, statusCode: 404 });
  } catch (error) {
    send(res, 400, { name: 'validation_error', message: String(error), statusCode: 400 });
  }
});

const port = Number(process.env.CAPTURE_PORT ?? 3199);
server.listen(port, '127.0.0.1', () => console.log(`capture server on http://127.0.0.1:${port}`));

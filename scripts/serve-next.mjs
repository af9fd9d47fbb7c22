// Parley's HTTP server around Next's request handler, for `npm start` (scripts/server.mjs) and the release bundle
// (scripts/release-main.ts). Next's handler sits behind Node's own HTTP server: the only place that sees the TCP
// peer, so it records it (overwriting anything a client sent) for per-address rate limits. It also turns away, with a
// clear 4xx, requests Next.js itself would answer with a 500: methods the Fetch API cannot represent (TRACE, CONNECT,
// TRACK…) and paths that are not valid percent-encoded UTF-8.
import http from 'node:http';

const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A status and message for a request Next.js cannot take, or null. */
function refusal(req) {
  if (!ALLOWED_METHODS.includes(req.method ?? '')) return [405, `The ${req.method} method is not allowed.`];
  try {
    decodeURIComponent(new URL(req.url ?? '/', 'http://parley.invalid').pathname);
  } catch {
    return [400, 'The address of this request is not valid.'];
  }
  return null;
}

/**
 * Serves the built app in `dir` on `port` until SIGINT/SIGTERM. `conf`: the Next config, for a standalone build that
 * has no next.config.js. NODE_ENV must be "production" before the call: Next reads it when it loads.
 */
export async function serveNext({ dir, port, conf }) {
  const { default: next } = await import('next');
  const app = next({ dev: false, dir, port, ...(conf ? { conf } : {}) });
  const handle = app.getRequestHandler();
  await app.prepare();
  // 64 KB of request line and headers (Node's default is 16 KB): past its limit Node answers 431 and drops the socket
  // while the client may still be sending, which the client sees as a reset rather than an answer.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const refused = refusal(req);
    if (refused) {
      const [status, message] = refused;
      const body = JSON.stringify({ error: { code: status === 405 ? 'method_not_allowed' : 'bad_request', message } });
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        ...(status === 405 ? { Allow: ALLOWED_METHODS.join(', ') } : {}),
      });
      res.end(body);
      req.resume();
      return;
    }
    req.headers['x-parley-peer'] = req.socket.remoteAddress ?? 'unknown';
    handle(req, res);
  });
  server.listen(port, () => console.log(`parley: ready on port ${port}`));

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => server.close(() => process.exit(0)));
  }
}

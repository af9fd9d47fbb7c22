// The production server `npm start` runs: Next's request handler behind Node's own HTTP server. It is the only
// place that sees the TCP peer, so it records it (overwriting anything a client sent) for per-address rate limits.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
const app = next({ dev: false, dir, port });
const handle = app.getRequestHandler();

await app.prepare();
const server = http.createServer((req, res) => {
  req.headers['x-parley-peer'] = req.socket.remoteAddress ?? 'unknown';
  handle(req, res);
});
server.listen(port, () => console.log(`parley: ready on port ${port}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}

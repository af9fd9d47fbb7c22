// `npm start`: prepares (scripts/start.ts --prepare: environment, secret, build, migrations, first admin) in a short-lived
// child, then serves from this very process (scripts/serve-next.mjs), so after start-up one Node process runs the
// helpdesk (plus its background thread).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveNext } from './serve-next.mjs';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The environment it settled on comes back on file descriptor 3 (tsx as a loader, not its CLI, which would take fd 3).
const prepared = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', path.join(dir, 'scripts', 'start.ts'), '--prepare'], {
  cwd: dir,
  stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
});
if (prepared.status !== 0) process.exit(prepared.status ?? 1);
Object.assign(process.env, JSON.parse(prepared.output[3].toString()), { NODE_ENV: 'production' });

// Next is loaded only now (inside serveNext), after NODE_ENV is set.
await serveNext({ dir, port: Number(process.env.PORT) });

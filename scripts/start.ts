// Everything `npm start` does before it serves: the preparation in scripts/prepare.ts (environment, secret,
// migrations, first admin), and a build when the build is missing or stale (Next, then the background thread).
// scripts/server.mjs runs this with --prepare, reads the resulting environment
// from file descriptor 3 and then serves in its own process, so nothing but that one Node process stays running.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildWorker, workerFileFor } from './build-worker';
import { fail, loadEnv, prepareDatabase, serverEnvironment } from './prepare';

const root = path.resolve(__dirname, '..');
const nextBin = path.join(root, 'node_modules', '.bin', 'next');
const dev = process.argv.includes('--dev');
// Used by the test suite: prepare the build once before several servers start from it.
const buildOnly = process.argv.includes('--build-only');
const prepare = process.argv.includes('--prepare');
const distDir = path.join(root, process.env.NEXT_DIST_DIR || '.next');
const workerFile = workerFileFor(distDir);

const sourceEntries = [
  'app',
  'lib',
  'db',
  'emails',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.js',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
  'scripts/build-worker.ts',
];

function listFiles(entry: string): string[] {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [entry];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .flatMap((d) => listFiles(path.join(entry, d.name)))
    .sort();
}

/** A hash of everything the build is made from, so a changed checkout is rebuilt and an unchanged one is not. */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of sourceEntries.flatMap(listFiles)) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

async function buildIfNeeded(childEnv: NodeJS.ProcessEnv) {
  const stamp = path.join(distDir, 'parley-source-fingerprint');
  const fingerprint = sourceFingerprint();
  const built = [path.join(distDir, 'BUILD_ID'), workerFile, stamp].every((file) => fs.existsSync(file));
  if (built && fs.readFileSync(stamp, 'utf8') === fingerprint) return;
  console.log('parley: building the app (first start or changed sources)…');
  const result = spawnSync(nextBin, ['build'], { cwd: root, env: childEnv, stdio: 'inherit' });
  if (result.status !== 0) fail('the build failed (see above).');
  await buildWorker(workerFile);
  // Taken again after the build, which may itself rewrite tsconfig.json.
  fs.writeFileSync(stamp, sourceFingerprint());
}

async function main() {
  const env = loadEnv();
  const childEnv = serverEnvironment(env, workerFile);
  Object.assign(process.env, childEnv);
  if (buildOnly) return buildIfNeeded(childEnv);
  await prepareDatabase(env, 'npm run cli --');
  if (prepare) {
    await buildIfNeeded(childEnv);
    console.log(`parley: serving ${env.APP_URL} (port ${env.PORT}, database ${env.DATABASE_PATH})`);
    fs.writeSync(3, JSON.stringify(childEnv));
    return;
  }
  if (!dev) fail('run `npm start` to serve in production (this script only prepares it, or runs `--dev`).');
  await buildWorker(workerFile);
  const server = spawn(nextBin, ['dev', '-p', String(env.PORT)], { cwd: root, env: { ...childEnv, NODE_ENV: 'development' }, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));

// Everything `npm start` does before it serves: checks the environment, keeps a generated secret in the data folder,
// builds when the build is missing or stale (Next, then the background thread), applies migrations and creates the
// first admin when there is no agent. scripts/server.mjs runs this with --prepare, reads the resulting environment
// from file descriptor 3 and then serves in its own process, so nothing but that one Node process stays running.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EnvError, parseEnv, type Env } from '@/lib/core/env';
import { buildWorker, workerFileFor } from './build-worker';

const root = path.resolve(__dirname, '..');
const nextBin = path.join(root, 'node_modules', '.bin', 'next');
const dev = process.argv.includes('--dev');
// Used by the test suite: prepare the build once before several servers start from it.
const buildOnly = process.argv.includes('--build-only');
const prepare = process.argv.includes('--prepare');
const distDir = path.join(root, process.env.NEXT_DIST_DIR || '.next');
const workerFile = workerFileFor(distDir);

function fail(message: string): never {
  console.error(`parley: ${message}`);
  process.exit(1);
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
}

/** AUTH_SECRET from the environment, or one generated once and kept beside the database. */
function ensureSecret(env: Env): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = path.join(path.dirname(env.DATABASE_PATH), 'auth-secret');
  if (fs.existsSync(file)) {
    const stored = fs.readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  console.log(`parley: generated a new AUTH_SECRET in ${file}`);
  return secret;
}

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

async function prepareDatabase(env: Env) {
  // Imported here so the environment is checked first; these modules read it.
  const { openDatabase } = await import('@/lib/core/db');
  const { sqlite } = openDatabase(env.DATABASE_PATH);
  sqlite.close();
  const { countAgents, createAgent } = await import('@/lib/auth/agents');
  if (countAgents() > 0) return;
  const email = env.ADMIN_EMAIL ?? 'admin@parley.local';
  const password = env.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  const { AppError } = await import('@/lib/core/errors');
  try {
    await createAgent({ email, name: 'Administrator', password, role: 'admin' }, { kind: 'system' });
  } catch (error) {
    // The password rules of every agent (lib/auth/passwords.ts) hold for the first one too.
    if (error instanceof AppError && error.fields?.password) fail(`ADMIN_PASSWORD ${error.fields.password}.`);
    if (error instanceof AppError && error.fields?.email) fail(`ADMIN_EMAIL ${error.fields.email}.`);
    throw error;
  }
  if (env.ADMIN_PASSWORD) console.log(`parley: created the first admin agent ${email}`);
  else console.log(`parley: created the first admin agent\n  email:    ${email}\n  password: ${password}\n  (shown once: change it after signing in, or set ADMIN_EMAIL/ADMIN_PASSWORD;\n   lost it? npm run cli -- reset-password --email ${email})`);
}

async function main() {
  const env = loadEnv();
  fs.mkdirSync(path.dirname(env.DATABASE_PATH), { recursive: true });
  const secret = ensureSecret(env);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: env.APP_URL,
    APP_URL: env.APP_URL,
    DATABASE_PATH: env.DATABASE_PATH,
    PORT: String(env.PORT),
    NEXT_TELEMETRY_DISABLED: '1',
    PARLEY_WORKER_FILE: workerFile,
  };
  Object.assign(process.env, childEnv);
  if (buildOnly) return buildIfNeeded(childEnv);
  await prepareDatabase(env);
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

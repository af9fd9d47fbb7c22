// What every start does before it serves, from a checkout (`npm start`, scripts/start.ts) or from the release bundle
// (scripts/release-main.ts): checks the environment, keeps a generated secret in the data folder, applies migrations
// and creates the first admin when there is no agent.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EnvError, parseEnv, type Env } from '@/lib/core/env';

export function fail(message: string): never {
  console.error(`parley: ${message}`);
  process.exit(1);
}

export function loadEnv(): Env {
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

/** The environment the server runs with: the checked values (absolute paths) and the secret. */
export function serverEnvironment(env: Env, workerFile: string): NodeJS.ProcessEnv {
  fs.mkdirSync(path.dirname(env.DATABASE_PATH), { recursive: true });
  const secret = ensureSecret(env);
  return {
    ...process.env,
    AUTH_SECRET: secret,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: env.APP_URL,
    APP_URL: env.APP_URL,
    DATABASE_PATH: env.DATABASE_PATH,
    BACKUP_DIR: env.BACKUP_DIR,
    PORT: String(env.PORT),
    NEXT_TELEMETRY_DISABLED: '1',
    PARLEY_WORKER_FILE: workerFile,
  };
}

/** Migrates the database and creates the first admin when there is no agent; leaves no connection open. */
export async function prepareDatabase(env: Env, resetHint: string) {
  // Imported here so the environment is checked first; these modules read it.
  const { closeDatabase, openDatabase } = await import('@/lib/core/db');
  const { sqlite } = openDatabase(env.DATABASE_PATH);
  sqlite.close();
  const { countAgents, createAgent } = await import('@/lib/auth/agents');
  try {
    if (countAgents() > 0) return;
    const email = env.ADMIN_EMAIL ?? 'admin@parley.local';
    const password = env.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
    const { AppError } = await import('@/lib/core/errors');
    const admin = await createAgent({ email, name: 'Administrator', password, role: 'admin' }, { kind: 'system' }).catch((error: unknown) => {
      // The password rules of every agent (lib/auth/passwords.ts) hold for the first one too.
      if (error instanceof AppError && error.fields?.password) fail(`ADMIN_PASSWORD ${error.fields.password}.`);
      if (error instanceof AppError && error.fields?.email) fail(`ADMIN_EMAIL ${error.fields.email}.`);
      throw error;
    });
    // A placeholder name customers would read: the admin is asked once to set theirs (lib/auth/profiles.ts).
    (await import('@/lib/auth/profiles')).askForProfile(admin);
    if (env.ADMIN_PASSWORD) console.log(`parley: created the first admin agent ${email}`);
    else console.log(`parley: created the first admin agent\n  email:    ${email}\n  password: ${password}\n  (shown once: change it after signing in, or set ADMIN_EMAIL/ADMIN_PASSWORD;\n   lost it? ${resetHint} reset-password --email ${email})`);
  } finally {
    closeDatabase();
  }
}

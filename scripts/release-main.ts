// The program of the release bundle (`bin/parley`, built by scripts/release.ts into app/parley.mjs with every package
// but the native better-sqlite3 and Next inside it): `parley start` prepares (scripts/prepare.ts) and serves the
// standalone Next build beside it; any other command is the CLI (scripts/cli.ts). Relative paths in the environment
// and on the command line mean the folder it is run from, as with `npm start`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = path.dirname(fileURLToPath(import.meta.url));
process.env.PARLEY_MIGRATIONS_DIR = path.join(appDir, 'db', 'migrations');
process.env.PARLEY_PROGRAM = 'parley';

async function start() {
  const { loadEnv, prepareDatabase, serverEnvironment } = await import('./prepare');
  const env = loadEnv();
  Object.assign(process.env, serverEnvironment(env, path.join(appDir, 'parley-worker.mjs')), { NODE_ENV: 'production' });
  await prepareDatabase(env, 'parley');
  // The standalone build has no next.config.js: its settings were written down at build time.
  const { config } = JSON.parse(fs.readFileSync(path.join(appDir, 'required-server-files.json'), 'utf8')) as { config: { distDir: string } };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  process.env.NEXT_DIST_DIR = config.distDir;
  // Next resolves its build from the working folder (as the standalone server.js does); every path is absolute by now.
  process.chdir(appDir);
  console.log(`parley: serving ${env.APP_URL} (port ${env.PORT}, database ${env.DATABASE_PATH})`);
  const { serveNext } = await import('./serve-next.mjs');
  await serveNext({ dir: appDir, port: env.PORT, conf: config });
}

if (process.argv[2] === 'start' && process.argv.length === 3) await start();
else await import('./cli');

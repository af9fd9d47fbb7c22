// `npm run release`: builds dist/parley-<version>-linux-x64.tar.gz, everything Parley needs to run on a Linux x64
// machine without Node.js or npm:
//   parley-<version>/bin/parley      the launcher (start, and every CLI command)
//   parley-<version>/runtime/node    the Node.js binary this script runs on
//   parley-<version>/app/            Next's standalone server (built with webpack: Turbopack's standalone output
//                                    cannot load better-sqlite3), its static files and public/, the native addon,
//                                    the migrations, the background thread and the launcher's program
//   parley-<version>/deploy/         the systemd unit and the Dockerfile
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildReleaseMain, buildWorker } from './build-worker';

const root = path.resolve(__dirname, '..');
const distDir = '.next-release';
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const name = `parley-${version}`;
export const releaseTarball = path.join(root, 'dist', `${name}-linux-x64.tar.gz`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
}

const launcher = `#!/bin/sh
# Parley's launcher: runs the Node.js shipped beside it on the bundle's program.
#   parley start            migrate the database, create the first admin if there is none, serve
#   parley <command> ...    the administration commands (parley help)
# Configuration comes from the environment (README, "Configuration"); data lives in ./data or DATA_DIR.
here=$(dirname "$(readlink -f "$0")")/..
exec "$here/runtime/node" --max-old-space-size=192 --max-semi-space-size=8 "$here/app/parley.mjs" "$@"
`;

async function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the release is for Linux x64; this is ${process.platform} ${process.arch}.`);
  const buildDir = path.join(root, distDir);
  console.log(`release: building ${name} (next build --webpack, standalone)…`);
  run(path.join(root, 'node_modules', '.bin', 'next'), ['build', '--webpack'], {
    ...process.env,
    PARLEY_RELEASE_BUILD: '1',
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: '1',
  });

  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const stage = fs.mkdtempSync(path.join(root, 'dist', '.stage-'));
  try {
    const top = path.join(stage, name);
    const app = path.join(top, 'app');
    // Symbolic links stay links (Next may link a package folder into its node_modules).
    fs.cpSync(path.join(buildDir, 'standalone'), app, { recursive: true, verbatimSymlinks: true });
    // The checkout's own data (traced because the code names ./data) has no place in a release.
    fs.rmSync(path.join(app, 'data'), { recursive: true, force: true });
    fs.cpSync(path.join(buildDir, 'static'), path.join(app, distDir, 'static'), { recursive: true });
    if (fs.existsSync(path.join(root, 'public'))) fs.cpSync(path.join(root, 'public'), path.join(app, 'public'), { recursive: true });
    fs.rmSync(path.join(app, 'db'), { recursive: true, force: true });
    fs.cpSync(path.join(root, 'db', 'migrations'), path.join(app, 'db', 'migrations'), { recursive: true });
    fs.copyFileSync(path.join(buildDir, 'required-server-files.json'), path.join(app, 'required-server-files.json'));
    // The standalone server.js is not used: bin/parley serves through scripts/serve-next.mjs like `npm start`.
    fs.rmSync(path.join(app, 'server.js'));
    await buildWorker(path.join(app, 'parley-worker.mjs'), { selfContained: true });
    await buildReleaseMain(path.join(app, 'parley.mjs'));

    fs.mkdirSync(path.join(top, 'runtime'));
    fs.copyFileSync(process.execPath, path.join(top, 'runtime', 'node'));
    fs.chmodSync(path.join(top, 'runtime', 'node'), 0o755);
    fs.mkdirSync(path.join(top, 'bin'));
    fs.writeFileSync(path.join(top, 'bin', 'parley'), launcher, { mode: 0o755 });
    fs.cpSync(path.join(root, 'deploy'), path.join(top, 'deploy'), { recursive: true });

    fs.rmSync(releaseTarball, { force: true });
    run('tar', ['-czf', releaseTarball, '-C', stage, name]);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  console.log(`release: ${path.relative(root, releaseTarball)} (${(fs.statSync(releaseTarball).size / 1024 / 1024).toFixed(1)} MB)`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

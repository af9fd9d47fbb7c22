// `npm run bench:release`: the release bundle's size and its cold start: from `./bin/parley start` to the first 200
// from /api/health, on a fresh data folder (migrations and the first admin included) and on a restart of the same
// data. Measures dist/parley-<version>-linux-x64.tar.gz as `npm run release` left it; prints figures, asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const tarball = path.join(root, 'dist', `parley-${version}-linux-x64.tar.gz`);
const port = 3390;
const runs = 5;

async function startOnce(bundle: string, home: string): Promise<number> {
  const started = performance.now();
  const child = spawn(path.join(bundle, 'bin', 'parley'), ['start'], {
    cwd: home,
    env: { NODE_ENV: 'production', PATH: '/usr/bin:/bin', PORT: String(port), ADMIN_EMAIL: 'bench@parley.test', ADMIN_PASSWORD: 'bench-password-1', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`the bundle exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const ms = performance.now() - started;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (!fs.existsSync(tarball)) throw new Error(`no ${path.relative(root, tarball)}: run npm run release first.`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-release-'));
  try {
    spawnSync('tar', ['-xzf', tarball, '-C', work], { stdio: 'inherit' });
    const bundle = path.join(work, `parley-${version}`);
    const unpacked = spawnSync('du', ['-sm', bundle], { encoding: 'utf8' }).stdout.split('\t')[0];
    console.log(`bundle: ${(fs.statSync(tarball).size / 1024 / 1024).toFixed(1)} MB compressed, ${unpacked} MB unpacked`);
    const fresh: number[] = [];
    const restart: number[] = [];
    for (let i = 0; i < runs; i++) {
      const home = path.join(work, `home-${i}`);
      fs.mkdirSync(home);
      fresh.push(await startOnce(bundle, home));
      restart.push(await startOnce(bundle, home));
    }
    const show = (values: number[]) => `median ${median(values).toFixed(0)} ms (${values.map((v) => v.toFixed(0)).join(', ')})`;
    console.log(`cold start to healthy, fresh data folder: ${show(fresh)}`);
    console.log(`cold start to healthy, existing data:     ${show(restart)}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench:release: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

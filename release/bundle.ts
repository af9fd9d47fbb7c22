// Runs the release bundle (dist/parley-<version>-linux-x64.tar.gz, built once by global-setup.ts) the way a user of
// it would: unpacked in a folder of its own and started from there, with the machine's Node.js and npm hidden, so a
// bundle that still needed either could not pass.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
export const tarball = path.join(root, 'dist', `parley-${version}-linux-x64.tar.gz`);

const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const port = 3300 + offset;
export const bundleUrl = `http://127.0.0.1:${port}`;
export const bundleAdmin = { email: 'owner@parley.test', password: 'bundle-password-123' };

/** Unpacks the bundle into a fresh folder; returns the folder to run it from and the bundle's own folder. */
export function unpack(): { home: string; bundle: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-release-'));
  const result = spawnSync('tar', ['-xzf', tarball, '-C', home]);
  if (result.status !== 0) throw new Error(`tar failed: ${result.stderr}`);
  return { home, bundle: path.join(home, `parley-${version}`) };
}

// Every Node.js and npm this machine has, made unrunnable inside a private mount namespace (root: `unshare -m`;
// anyone else: a user namespace as well), and PATH cut down to the system folders.
const hidden = [process.execPath, ...['node', 'npm', 'npx'].map((name) => spawnSync('sh', ['-c', `command -v ${name}`]).stdout.toString().trim())]
  .filter(Boolean)
  .map((file) => fs.realpathSync(file));
const hideScript = (command: string) =>
  [
    ...[...new Set(hidden)].map((file) => `mount --bind /bin/false '${file}'`),
    'export PATH=/usr/sbin:/usr/bin:/sbin:/bin',
    // The bundle must not find them: stop here if it still could.
    'if node -e 0 2>/dev/null || npm -v >/dev/null 2>&1; then echo "node or npm is still runnable" >&2; exit 97; fi',
    `exec ${command}`,
  ].join('\n');
const unshareArgs = process.getuid?.() === 0 ? ['-m'] : ['-r', '-m'];

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    HOME: os.tmpdir(),
    NODE_ENV: 'production',
    PORT: String(port),
    APP_URL: bundleUrl,
    ADMIN_EMAIL: bundleAdmin.email,
    ADMIN_PASSWORD: bundleAdmin.password,
    NEXT_TELEMETRY_DISABLED: '1',
    ...extra,
  };
}

/** Runs `./bin/parley <args>` from `home` with Node.js and npm hidden, `input` on its standard input. */
export function runParley(home: string, bundle: string, args: string[], input = '') {
  const command = [path.join(bundle, 'bin', 'parley'), ...args].map(quote).join(' ');
  const result = spawnSync('unshare', [...unshareArgs, 'sh', '-c', hideScript(command)], { cwd: home, env: environment({}), input, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export type RunningBundle = { child: ChildProcess; log: () => string };

/** Starts `./bin/parley start` from `home` and waits until /api/health answers 200. */
export async function startBundle(home: string, bundle: string, env: Record<string, string> = {}): Promise<RunningBundle> {
  const command = `${quote(path.join(bundle, 'bin', 'parley'))} start`;
  const child = spawn('unshare', [...unshareArgs, 'sh', '-c', hideScript(command)], { cwd: home, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bundle exited (${child.exitCode}):\n${log}`);
    const healthy = await fetch(`${bundleUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { child, log: () => log };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops it as systemd would (SIGTERM) and waits for it to exit. */
export async function stopBundle({ child }: RunningBundle): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

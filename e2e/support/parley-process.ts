import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { expect } from '@playwright/test';
import { admin, e2eSecret } from './env';

// A Parley server of its own for a spec that must stop and restart it (the build is the suite's, made beforehand).

export type ParleyProcess = { url: string; databasePath: string; start: () => Promise<void>; kill: () => Promise<void> };

export function parleyProcess({ port, dataDir, env }: { port: number; dataDir: string; env: Record<string, string> }): ParleyProcess {
  const url = `http://127.0.0.1:${port}`;
  const databasePath = `${dataDir}/parley.db`;
  let child: ChildProcess | null = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
  return {
    url,
    databasePath,
    async start() {
      child = spawn('npm', ['start', '--silent'], {
        // Its own process group, so a kill reaches the Next server it starts too.
        detached: true,
        stdio: 'ignore',
        env: {
          ...process.env,
          ...env,
          PORT: String(port),
          APP_URL: url,
          DATABASE_PATH: databasePath,
          AUTH_SECRET: e2eSecret,
          ADMIN_EMAIL: admin.email,
          ADMIN_PASSWORD: admin.password,
          NEXT_TELEMETRY_DISABLED: '1',
        },
      });
      await expect
        .poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000, message: `Parley on ${url}` })
        .toBe(200);
    },
    /** Stops it at once (SIGKILL), as a crash would. */
    async kill() {
      const running = child;
      child = null;
      if (!running?.pid || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      process.kill(-running.pid, 'SIGKILL');
      await exited;
    },
  };
}

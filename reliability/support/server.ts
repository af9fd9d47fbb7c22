// Servers the crash part starts and stops itself: its own capture server and its own Parley (`npm start`, the same
// build), so it can kill -9 the serving process without disturbing the other parts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { root } from './env';
import { send } from './http';

export type Started = { child: ChildProcess; log: string };

export function start(command: string[], env: Record<string, string>, log: string): Started {
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'a');
  // Its own process group, so stop() ends the whole tree it started and nothing else.
  const child = spawn(command[0], command.slice(1), { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  return { child, log };
}

export async function waitUntilUp(url: string, timeout = 120_000) {
  await expect
    .poll(async () => (await send(url, { path: url.includes('/api/') ? '/api/health' : '/__health' }).catch(() => ({ status: 0 }))).status, { timeout, intervals: [250, 500, 1000], message: `${url} did not come up` })
    .toBe(200);
}

export function stop(started: Started | undefined) {
  if (!started?.child.pid) return;
  try {
    process.kill(-started.child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** The pid of the process serving HTTP (scripts/server.mjs): `ancestor` itself or one under it, read from /proc. */
export function servingPid(ancestor: number): number {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const descends = (pid: number): boolean => pid === ancestor || (pid > 1 && parents.has(pid) && descends(parents.get(pid)!));
  for (const pid of parents.keys()) {
    if (!descends(pid)) continue;
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    if (cmdline.includes('scripts/server.mjs')) return pid;
  }
  throw new Error(`no scripts/server.mjs process under ${ancestor}`);
}

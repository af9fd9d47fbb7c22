import { execFileSync } from 'node:child_process';
import { appDatabasePath, e2eSecret } from './env';

/** Runs `npm run cli -- …` against the e2e server's database and returns the last line it printed. */
export function runCli(args: string[], databasePath = appDatabasePath): string {
  const output = execFileSync('npx', ['tsx', '--conditions=react-server', 'scripts/cli.ts', ...args], {
    env: { ...process.env, DATABASE_PATH: databasePath, AUTH_SECRET: e2eSecret },
    encoding: 'utf8',
  });
  return output.trim().split('\n').at(-1) ?? '';
}

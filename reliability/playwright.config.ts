import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { appDatabasePath, appUrl, captureUrl, dataDir, ports, root, serverEnv, serverLog } from './support/env';

// The reliability suite (README → Reliability suite): a hostile pass over a production build on loopback.
// It uses the build `npm run test:e2e` made (scripts/start.ts builds only when the sources changed since).
const systemChromium = '/usr/bin/chromium';
const executablePath = fs.existsSync(systemChromium) ? systemChromium : undefined;
// A fresh data folder every run; the server's output goes to a log in it, which the fuzz part reads.
const fresh = (dir: string) => `node -e "const fs=require('fs');fs.rmSync('${dir}',{recursive:true,force:true});fs.mkdirSync('${dir}')"`;

export default defineConfig({
  testDir: '.',
  // The parts share one server and its database, and each counts what it changed: one at a time, in file order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: path.join(root, 'test-results', 'reliability'),
  use: {
    baseURL: appUrl,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [
    { name: 'world', testMatch: /world\.setup\.ts/ },
    { name: 'reliability', testMatch: /\.spec\.ts$/, dependencies: ['world'], use: { browserName: 'chromium' } },
  ],
  webServer: [
    {
      command: 'npx tsx e2e/support/capture-server.ts',
      cwd: root,
      url: `${captureUrl}/__health`,
      env: { CAPTURE_PORT: String(ports.capture) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `${fresh(dataDir)} && npm start --silent > ${serverLog} 2>&1`,
      cwd: root,
      url: `${appUrl}/api/health`,
      env: serverEnv({ port: ports.app, capturePort: ports.capture, databasePath: appDatabasePath }),
      reuseExistingServer: false,
      timeout: 300_000,
    },
  ],
});

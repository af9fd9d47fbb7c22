import fs from 'node:fs';
import { defineConfig } from '@playwright/test';
import {
  admin,
  APP_PORT,
  appDatabasePath,
  appUrl,
  CAPTURE_PORT,
  captureUrl,
  e2eDataDir,
  e2eSecret,
  inboundWebhookSecret,
  MAILBOX_APP_PORT,
  mailboxAppUrl,
  mailboxDatabasePath,
} from './e2e/support/env';

// Debian's Chromium here; Playwright's own browser elsewhere (after `npx playwright install chromium`).
const systemChromium = '/usr/bin/chromium';
const executablePath = fs.existsSync(systemChromium) ? systemChromium : undefined;

// Each server gets a fresh database folder for every run.
const fresh = (dir: string) => `node -e "require('fs').rmSync('${dir}',{recursive:true,force:true})"`;

const appEnv = {
  AUTH_SECRET: e2eSecret,
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  // Tests send X-Forwarded-For to exercise per-address rate limits without locking each other out.
  TRUST_PROXY: 'true',
  NEXT_TELEMETRY_DISABLED: '1',
  // Failed emails are retried after 200 ms, 400 ms, … instead of 10 s, 20 s, … so outage tests finish quickly.
  OUTBOX_RETRY_BASE_MS: '200',
  // The background jobs' clock may be moved ahead by a test (lib/mail/worker/clock.ts); only this config sets it.
  PARLEY_TEST_CLOCK: '1',
};

export default defineConfig({
  testDir: 'e2e',
  // Tests share one server and change global settings (participants on/off): run them one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // One retry on CI, where a loaded 2-core machine can push a single step past its timeout; a real failure fails twice.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: appUrl,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      // A stand-in for Resend's API on loopback: the real SDK sends to it via RESEND_BASE_URL.
      command: 'npx tsx e2e/support/capture-server.ts',
      url: `${captureUrl}/__health`,
      env: { CAPTURE_PORT: String(CAPTURE_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `${fresh(`${e2eDataDir}/main`)} && npm start --silent`,
      url: `${appUrl}/api/health`,
      env: {
        ...appEnv,
        PORT: String(APP_PORT),
        APP_URL: appUrl,
        DATABASE_PATH: appDatabasePath,
        RESEND_API_KEY: 're_e2e_capture',
        RESEND_BASE_URL: captureUrl,
        INBOUND_DOMAIN: 'inbound.parley.test',
        // Small, so the attachment tests can send a file over the limit without pushing megabytes around.
        ATTACHMENT_MAX_MB: '1',
        RESEND_WEBHOOK_SECRET: inboundWebhookSecret,
      },
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: 'pipe',
    },
    {
      // The same build with no Resend key: mail goes to the built-in local mailbox.
      command: `${fresh(`${e2eDataDir}/mailbox`)} && npm start --silent`,
      url: `${mailboxAppUrl}/api/health`,
      env: { ...appEnv, PORT: String(MAILBOX_APP_PORT), APP_URL: mailboxAppUrl, DATABASE_PATH: mailboxDatabasePath },
      reuseExistingServer: false,
      timeout: 300_000,
    },
  ],
});

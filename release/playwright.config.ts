import path from 'node:path';
import { defineConfig } from '@playwright/test';
import e2eConfig from '../playwright.config';
import { bundleUrl } from './bundle';

// The release bundle, built once (global-setup.ts), unpacked and run with Node.js and npm hidden (bundle.ts), in the
// e2e suite's browser.
export default defineConfig({
  testDir: '.',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: path.resolve(__dirname, '..', 'test-results', 'release'),
  use: { baseURL: bundleUrl, trace: 'retain-on-failure', launchOptions: e2eConfig.use?.launchOptions },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});

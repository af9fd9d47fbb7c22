import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { bundleAdmin, runParley, startBundle, stopBundle, unpack, type RunningBundle } from './bundle';

// One bundle, unpacked once, run from its own folder with Node.js and npm hidden: the first start migrates and creates
// the admin, the server backs itself up, the CLI runs without tsx, and a restore refused while it runs succeeds once
// it is stopped.
test.describe.configure({ mode: 'serial' });

let home: string;
let bundle: string;
let server: RunningBundle | undefined;

// In beforeAll, not at load: the test files are read before global-setup.ts has built the bundle.
test.beforeAll(() => {
  ({ home, bundle } = unpack());
});

test.afterAll(async () => {
  if (server) await stopBundle(server);
  fs.rmSync(home, { recursive: true, force: true });
});

async function signIn(page: import('@playwright/test').Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(bundleAdmin.email);
  await page.getByLabel('Password').fill(bundleAdmin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/tickets/);
}

const subject = 'Printer on fire';

test('./bin/parley start migrates, creates the admin and takes its first backup by itself, shown under Settings', async ({ page }) => {
  server = await startBundle(home, bundle);
  // Its data went to ./data of the folder it was started from.
  expect(fs.existsSync(path.join(home, 'data', 'parley.db'))).toBe(true);
  await signIn(page);
  await page.goto('/admin/settings');
  const backups = page.getByRole('region', { name: 'Backups' });
  await expect(async () => {
    await page.reload();
    await expect(backups.getByRole('status')).toContainText('succeeded', { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  const snapshots = fs.readdirSync(path.join(home, 'data', 'backups')).filter((name) => name.endsWith('.db'));
  expect(snapshots).toHaveLength(1);
});

test('the bundle serves: sign in, create a ticket, read its email in the local mailbox', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'New ticket' }).click();
  await page.getByLabel('Customer email').fill('casey@customer.test');
  await page.getByLabel('Customer name').fill('Casey Customer');
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Message').fill('It smells of toner.');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);

  await page.goto('/admin/mailbox');
  await expect(page.getByRole('heading', { name: 'Mailbox' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'casey@customer.test' });
  await expect(async () => {
    await page.reload();
    await expect(row.getByRole('link', { name: new RegExp(`We received your request: ${subject}`) })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await row.getByRole('link', { name: new RegExp(subject) }).click();
  await expect(page.frameLocator('iframe[title="HTML version"]').getByText('Hello Casey Customer,')).toBeVisible();
});

test('every CLI command runs from the bundle; restore is refused while the server runs', async () => {
  const help = runParley(home, bundle, ['help']);
  expect(help.status).toBe(0);
  for (const command of ['create-agent', 'reset-password', 'create-token', 'backup', 'restore', 'inbound']) expect(help.output).toContain(command);

  const agent = runParley(home, bundle, ['create-agent', '--email', 'second@parley.test', '--name', 'Second', '--password', 'another-passphrase-77']);
  expect(agent.output).toContain('Created agent Second');
  expect(runParley(home, bundle, ['reset-password', '--email', 'second@parley.test']).status).toBe(0);
  const token = runParley(home, bundle, ['create-token', '--email', bundleAdmin.email]);
  expect(token.status).toBe(0);
  const eml = 'From: Pat <pat@customer.test>\r\nTo: support@parley.test\r\nSubject: Piped in\r\nMessage-ID: <piped-1@customer.test>\r\n\r\nHello from the pipe.\r\n';
  const inbound = runParley(home, bundle, ['inbound'], eml);
  expect(inbound.status).toBe(0);
  expect(inbound.output).toMatch(/Inbound message #\d+/);

  const out = path.join(home, 'manual.db');
  const backup = runParley(home, bundle, ['backup', '--out', 'manual.db']);
  expect(backup.output).toContain(`Backed up`);
  expect(fs.existsSync(out)).toBe(true);

  const refused = runParley(home, bundle, ['restore', 'manual.db']);
  expect(refused.status).toBe(1);
  expect(refused.output).toContain('is running');
});

test('stopped, the server restores its own backup; started again, it serves the restored data', async ({ page }) => {
  expect(await stopBundle(server!)).toBe(0);
  server = undefined;
  const [snapshot] = fs.readdirSync(path.join(home, 'data', 'backups')).filter((name) => name.endsWith('.db'));
  const restored = runParley(home, bundle, ['restore', path.join('data', 'backups', snapshot)]);
  expect(restored.output).toContain('Restored');
  expect(restored.status).toBe(0);

  server = await startBundle(home, bundle);
  await signIn(page);
  // The backup was taken before the ticket was created.
  await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
  await expect(page.getByRole('link', { name: subject })).toHaveCount(0);
  expect((await page.goto('/tickets/1'))?.status()).toBe(404);
});

test('started on the data of the previous release, the bundle migrates it and serves it', async ({ page }) => {
  await stopBundle(server!);
  server = undefined;
  const data = path.join(home, 'previous', 'data');
  fs.mkdirSync(data, { recursive: true });
  fs.copyFileSync(path.resolve(__dirname, '../tests/fixtures/upgrade/previous-release.db'), path.join(data, 'parley.db'));
  server = await startBundle(home, bundle, { DATA_DIR: 'previous/data' });
  await page.goto('/login');
  await page.getByLabel('Email').fill('admin@fixture.test');
  await page.getByLabel('Password').fill('fixture-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/tickets/);
  await page.getByRole('link', { name: 'Fixture ticket: invoices' }).click();
  await expect(page.getByRole('region', { name: 'Conversation' })).toContainText('We are on it.');
});

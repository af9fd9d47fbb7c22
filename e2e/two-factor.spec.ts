import { expect, test, type Browser, type Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { createAdminToken, adminApi } from './support/admin-api';
import { runCli } from './support/cli';
import { waitForEmail } from './support/mail';

// Issue 17, section 3: two-factor sign-in for agents (TOTP and recovery codes), required for all, reset.

const password = 'amber-meadow-compass';
const stamp = Date.now();

/** The code the agent's app would show `aheadSeconds` from now (30: the next step, which the server also accepts). */
const codeFor = (secret: string, aheadSeconds = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + aheadSeconds });

function newAgent(label: string, role: 'agent' | 'admin' = 'agent') {
  const agent = { email: `${label}-${stamp}@parley.test`, name: `${label} ${stamp}`, password };
  runCli(['create-agent', '--email', agent.email, '--name', agent.name, '--password', password, '--role', role]);
  return agent;
}

async function enterPassword(page: Page, agent: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function enterCode(page: Page, code: string) {
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

/** On /account: sets up two-factor sign-in from the key shown as text; returns it and the recovery codes. */
async function setUpTwoFactor(page: Page) {
  await page.goto('/account');
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  const secret = await page.getByLabel('Or enter this setup key by hand').inputValue();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Code from your app').fill(codeFor(secret));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor sign-in is on.' })).toBeVisible();
  const recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  // Turning it on ended every session, this one included.
  await page.getByRole('button', { name: 'I have saved them: sign in again' }).click();
  await expect(page).toHaveURL(/\/login/);
  return { secret, recoveryCodes };
}

async function freshPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

test('an agent sets up two-factor sign-in, signs in with a code, a used code and a used recovery code are refused', async ({ browser }) => {
  const agent = newAgent('tfa');
  const page = await freshPage(browser);
  await enterPassword(page, agent);
  await expect(page).toHaveURL(/\/tickets/);
  const { secret, recoveryCodes } = await setUpTwoFactor(page);

  // The password alone no longer signs in: it asks for the code.
  await enterPassword(page, agent);
  await expect(page.getByLabel('Authentication code')).toBeFocused();
  await expect(page).toHaveURL(/\/login/);
  const code = codeFor(secret, 30);
  await enterCode(page, code);
  await expect(page).toHaveURL(/\/tickets/);

  // The same code again, from another browser: refused (a replay within its window).
  const replay = await freshPage(browser);
  await enterPassword(replay, agent);
  await enterCode(replay, code);
  await expect(replay.getByRole('alert').filter({ hasText: 'That code is not right or was already used.' })).toBeVisible();
  await expect(replay).toHaveURL(/\/login/);

  // A recovery code works once.
  await enterCode(replay, recoveryCodes[0]);
  await expect(replay).toHaveURL(/\/tickets/);
  const again = await freshPage(browser);
  await enterPassword(again, agent);
  await enterCode(again, recoveryCodes[0]);
  await expect(again.getByRole('alert').filter({ hasText: 'That code is not right or was already used.' })).toBeVisible();

  // The account page says it is on; `reset-2fa` turns it off and ends the sessions.
  await page.goto('/account');
  await expect(page.getByText('9 of 10 recovery codes are unused.')).toBeVisible();
  expect(runCli(['reset-2fa', '--email', agent.email])).toContain('is reset');
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login/);
  await enterPassword(again, agent);
  await expect(again).toHaveURL(/\/tickets/);
});

test.describe('required for every agent', () => {
  test.afterAll(async ({ request }) => {
    // The suite shares one server: later specs sign in without a second factor.
    await adminApi(request, createAdminToken('two-factor spec')).updateSettings({ requireTwoFactor: false });
  });

  test('sends an agent without it to set it up, and an admin can reset it', async ({ browser, request }) => {
    const admin = newAgent('tfa-admin', 'admin');
    const adminPage = await freshPage(browser);
    await enterPassword(adminPage, admin);
    await expect(adminPage).toHaveURL(/\/tickets/);
    const adminFactor = await setUpTwoFactor(adminPage);
    await enterPassword(adminPage, admin);
    await enterCode(adminPage, codeFor(adminFactor.secret, 30));
    await expect(adminPage).toHaveURL(/\/tickets/);

    await adminPage.goto('/admin/settings');
    await adminPage.getByLabel('Require two-factor sign-in for every agent').check();
    await adminPage.getByRole('button', { name: 'Save settings' }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    // An agent without a second factor may sign in, but only to set it up.
    const agent = newAgent('tfa-required');
    const page = await freshPage(browser);
    await enterPassword(page, agent);
    await expect(page).toHaveURL(/\/account/);
    await expect(page.getByRole('alert').filter({ hasText: 'Your team requires two-factor sign-in.' })).toBeVisible();
    for (const path of ['/tickets', '/customers', '/saved-replies']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/account/);
    }
    const { secret } = await setUpTwoFactor(page);
    await enterPassword(page, agent);
    await enterCode(page, codeFor(secret, 30));
    await expect(page).toHaveURL(/\/tickets/);
    await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();

    // The admin resets it (lost phone): the agent's session ends and they are emailed.
    await adminPage.goto('/admin/agents');
    await adminPage.getByRole('button', { name: `Reset two-factor sign-in of ${agent.name}` }).click();
    await adminPage.getByRole('button', { name: 'Yes, reset it' }).click();
    await expect(adminPage.getByRole('status').filter({ hasText: `Two-factor sign-in of ${agent.name} is reset` })).toBeVisible();
    await page.goto('/tickets');
    await expect(page).toHaveURL(/\/login/);
    const notice = await waitForEmail(request, agent.email, 'Your two-factor sign-in at');
    expect(notice.body.text).toContain('turned off two-factor sign-in for your account');
    // Still required: back to setting it up.
    await enterPassword(page, agent);
    await expect(page).toHaveURL(/\/account/);
  });
});

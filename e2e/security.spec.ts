import { expect, test } from '@playwright/test';
import { signIn } from './support/auth';
import { runCli } from './support/cli';

test('repeated wrong passwords from one address are slowed down, other addresses are not', async ({ browser }) => {
  // Guessed at an agent of its own: the account is limited too, and the admin must stay usable for the other specs.
  const victim = `guessed-${Date.now()}@parley.test`;
  runCli(['create-agent', '--email', victim, '--name', 'Guessed Agent', '--password', 'guessed-password-1']);
  const attacker = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.7' } });
  const page = await attacker.newPage();
  await page.goto('/login');
  for (let attempt = 1; attempt <= 10; attempt++) {
    await page.getByLabel('Email').fill(victim);
    await page.getByLabel('Password').fill(`wrong-${attempt}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The email or password is incorrect.' })).toBeVisible();
  }
  await page.getByLabel('Password').fill('wrong-again');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /Too many failed sign-ins from your address\. Try again in \d+ minutes?\./ })).toBeVisible();
  await attacker.close();

  // Someone else, from another address, still signs in.
  const colleague = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.9' } });
  await signIn(await colleague.newPage());
  await colleague.close();

  // The guessed account itself is locked from every address, its right password included.
  const owner = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.10' } });
  const ownerPage = await owner.newPage();
  await ownerPage.goto('/login');
  await ownerPage.getByLabel('Email').fill(victim);
  await ownerPage.getByLabel('Password').fill('guessed-password-1');
  await ownerPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(ownerPage.getByRole('alert').filter({ hasText: 'Too many failed sign-ins for this account.' })).toBeVisible();
  await owner.close();
});

test('a deactivated agent is signed out at once', async ({ browser }) => {
  const email = `temp-${Date.now()}@parley.test`;
  const name = `Temp ${Date.now()}`;
  runCli(['create-agent', '--email', email, '--name', name, '--password', 'temp-password-1']);

  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  await signIn(agentPage, { email, password: 'temp-password-1' });

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage);
  await adminPage.goto('/admin/agents');
  await adminPage.getByRole('button', { name: `Deactivate ${name}`, exact: true }).click();
  await expect(adminPage.getByRole('button', { name: `Activate ${name}`, exact: true })).toBeVisible();

  // Same session cookie, next request: refused.
  await agentPage.goto('/tickets');
  await expect(agentPage).toHaveURL(/\/login/);
  await agentPage.getByLabel('Email').fill(email);
  await agentPage.getByLabel('Password').fill('temp-password-1');
  await agentPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(agentPage.getByRole('alert').filter({ hasText: 'The email or password is incorrect.' })).toBeVisible();
  await agentContext.close();
  await adminContext.close();
});

test('agents without the admin role see no admin pages', async ({ page }) => {
  const email = `plain-${Date.now()}@parley.test`;
  runCli(['create-agent', '--email', email, '--name', 'Plain Agent', '--password', 'plain-password-1', '--role', 'agent']);
  await signIn(page, { email, password: 'plain-password-1' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Tickets' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  for (const path of ['/admin/settings', '/admin/agents', '/admin/tokens', '/admin/mailbox']) {
    await page.goto(path);
    await expect(page.getByRole('alert').filter({ hasText: 'Only administrators can open this page.' })).toBeVisible();
  }
});

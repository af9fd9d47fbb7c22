import { expect, test } from '@playwright/test';
import { signIn } from './support/auth';

test('health answers once the database is migrated', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
});

test('agents pages need a session', async ({ page }) => {
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password gets a clear message without saying whether the address exists', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('nobody@parley.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The email or password is incorrect.' })).toBeVisible();
});

test('the admin signs in and out', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
});

import { expect, type Page } from '@playwright/test';
import { admin } from './env';

/** Signs in through the real form and waits for the ticket list. */
export async function signIn(page: Page, credentials: { email: string; password: string } = admin) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/tickets/);
}

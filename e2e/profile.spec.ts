import { expect, test } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { appUrl } from './support/env';
import { linkIn, waitForEmail } from './support/mail';

// Issue 20: an agent's own profile — name and signature at once, a new sign-in address only through the link emailed
// to it, the password with the current one.

const stamp = Date.now();

test('an agent sets their name and signature, and changes their address through the link emailed to it', async ({ page, request, browser }) => {
  const oldEmail = `profile-${stamp}@team.test`;
  const newEmail = `profile-new-${stamp}@team.test`;
  const password = 'profile-password-4711';
  runCli(['create-agent', '--email', oldEmail, '--name', 'Placeholder Name', '--password', password, '--role', 'admin']);
  await signIn(page, { email: oldEmail, password });

  await page.goto('/account');
  await page.getByLabel('Name').fill('Priya Profile');
  await page.getByLabel('Signature').fill('Priya Profile\nSupport desk');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Priya Profile' })).toBeVisible();

  await page.getByLabel('New email address').fill(newEmail);
  await page.getByRole('button', { name: 'Send confirmation link' }).click();
  await expect(page.getByRole('status').filter({ hasText: `We emailed a confirmation link to ${newEmail}` })).toBeVisible();
  // Nothing changed yet.
  await expect(page.getByText(`You sign in with ${oldEmail}`)).toBeVisible();

  const confirmation = await waitForEmail(request, newEmail, /Confirm your new sign-in address/);
  const link = linkIn(confirmation, `${appUrl}/confirm-email/`);
  // Opened anywhere, signed in or not: the mailbox is the proof.
  const elsewhere = await (await browser.newContext({ baseURL: appUrl })).newPage();
  await elsewhere.goto(link);
  await elsewhere.getByRole('button', { name: `Use ${newEmail} to sign in` }).click();
  await expect(elsewhere.getByRole('status').filter({ hasText: `Done: ${newEmail} is now the address you sign in with.` })).toBeVisible();
  await waitForEmail(request, oldEmail, /Your sign-in address .* was changed/);
  // The link works once.
  await elsewhere.goto(link);
  await expect(elsewhere.getByRole('alert').filter({ hasText: 'This confirmation link does not work' })).toBeVisible();

  await signIn(elsewhere, { email: newEmail, password });

  // The signature closes the emails of their replies.
  const api = adminApi(request, createAdminToken(`profile ${stamp}`));
  const customer = `profile-customer-${stamp}@example.test`;
  const ticket = await api.createTicket({ subject: `Profile ticket ${stamp}`, message: 'Hello', customer: { email: customer, name: 'Casey' } });
  await elsewhere.goto(`/tickets/${ticket.id}`);
  await elsewhere.getByLabel('Reply', { exact: true }).fill('Here is the answer.');
  await elsewhere.getByRole('button', { name: 'Send reply' }).click();
  await expect(elsewhere.getByRole('status').filter({ hasText: /Reply sent to .+\./ })).toBeVisible();
  const reply = await waitForEmail(request, customer, /] Re: Profile ticket/);
  expect(reply.body.text).toContain('Here is the answer.\n\nPriya Profile\nSupport desk');
});

test('the password changes only with the current one, and every session ends', async ({ page }) => {
  const email = `password-${stamp}@team.test`;
  runCli(['create-agent', '--email', email, '--name', 'Pat Password', '--password', 'first-password-4711']);
  await signIn(page, { email, password: 'first-password-4711' });
  await page.goto('/account');
  await page.getByLabel('Current password').fill('not-the-password');
  await page.getByLabel('New password').fill('second-password-4711');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('The current password is not right.')).toBeVisible();
  await page.getByLabel('Current password').fill('first-password-4711');
  await page.getByLabel('New password').fill('second-password-4711');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, { email, password: 'second-password-4711' });
});

test('an admin invites an agent, who chooses a password through the emailed link and signs in; a revoked invitation’s link is dead', async ({ page, request, browser }) => {
  const email = `invited-${stamp}@team.test`;
  await signIn(page);
  await page.goto('/admin/agents');
  await page.getByLabel('Their name').fill('Ines Invited');
  await page.getByLabel('Their email').fill(email);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();

  const invitation = await waitForEmail(request, email, /You are invited/);
  const invited = await (await browser.newContext({ baseURL: appUrl })).newPage();
  await invited.goto(linkIn(invitation, `${appUrl}/invitation/`));
  await expect(invited.getByLabel('Your name')).toHaveValue('Ines Invited');
  await invited.getByLabel('Choose a password').fill('ines-own-passphrase-42');
  await invited.getByRole('button', { name: 'Create my account' }).click();
  await expect(invited.getByRole('status').filter({ hasText: 'your account is ready' })).toBeVisible();
  await signIn(invited, { email, password: 'ines-own-passphrase-42' });
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: email }).getByRole('cell', { name: 'Ines Invited', exact: true })).toBeVisible();

  // A second invitation, revoked: its link no longer opens anything.
  const other = `revoked-${stamp}@team.test`;
  await page.getByLabel('Their name').fill('Rex Revoked');
  await page.getByLabel('Their email').fill(other);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const revokedEmail = await waitForEmail(request, other, /You are invited/);
  await page.getByRole('button', { name: `Revoke the invitation to ${other}` }).click();
  await page.getByRole('button', { name: 'Yes, revoke' }).click();
  // Revoked, it leaves the list of open invitations.
  await expect(page.getByRole('row').filter({ hasText: other })).toHaveCount(0);
  await invited.goto(linkIn(revokedEmail, `${appUrl}/invitation/`));
  await expect(invited.getByRole('alert').filter({ hasText: 'This invitation does not work' })).toBeVisible();
});

import { expect, test } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { admin } from './support/env';
import { waitForEmail } from './support/mail';

// Issue 20: finding people, companies by their email domain, and a reopening that does not wait unseen.

const stamp = Date.now();
let token: string;
test.beforeAll(() => {
  token = createAdminToken(`agent day ${stamp}`);
});

test('the ticket search finds a participant by email, a customer by name and a company by name', async ({ page, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const company = `Outsidevendor${stamp}`;
  const ticket = await api.createTicket({ subject: `Printer ${stamp}`, message: 'It jams.', customer: { email: `carol-${stamp}@acme.test`, name: `Carol Chen${stamp}`, company } });
  const frank = `frank-${stamp}@outside-vendor.test`;
  await api.addParticipant(ticket.id, { email: frank, name: 'Frank Li' });

  await signIn(page);
  for (const q of [frank, `Chen${stamp}`, company]) {
    await page.goto(`/tickets?q=${encodeURIComponent(q)}`);
    await expect(page.getByRole('link', { name: `Printer ${stamp}` }), q).toBeVisible();
  }
  await page.goto(`/tickets?q=${encodeURIComponent(`nobody-${stamp}@outside-vendor.test`)}`);
  await expect(page.getByRole('link', { name: `Printer ${stamp}` })).toHaveCount(0);
});

test('a company’s email domain joins its new customers; a free-mail domain is refused', async ({ page, request }) => {
  const domain = `acme-${stamp}.test`;
  await signIn(page);
  await page.goto('/companies');
  await page.getByLabel('Name').fill(`Acme ${stamp}`);
  await page.getByLabel('Email domains').fill(`${domain}, gmail.com`);
  await page.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByText(/gmail\.com is a free email provider/)).toBeVisible();
  await page.getByLabel('Email domains').fill(domain);
  await page.getByRole('button', { name: 'Create company' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Company Acme ${stamp} created.` })).toBeVisible();

  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: `Domain ${stamp}`, message: 'Hello', customer: { email: `pat@${domain}`, name: 'Pat' } });
  expect(ticket.customer.company).toBe(`Acme ${stamp}`);
});

test('a customer’s reopening emails the assignee and marks the ticket Reopened until an agent acts', async ({ page, browser, request }) => {
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: `Reopen ${stamp}`, message: 'Broken again?', customer: { email: `reopen-${stamp}@example.test`, name: 'Rae' } });
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Assigned to ${admin.name}.` })).toBeVisible();
  const response = await request.patch(`/api/v1/tickets/${ticket.id}`, { headers: { Authorization: `Bearer ${token}` }, data: { status: 'closed' } });
  expect(response.ok()).toBe(true);

  const customer = await (await browser.newContext()).newPage();
  await customer.goto(ticket.customer.ticketUrl);
  await customer.getByRole('button', { name: 'Reopen ticket' }).click();
  await expect(customer.getByRole('button', { name: 'Close ticket' })).toBeVisible();
  await waitForEmail(request, admin.email, `Reopened: Reopen ${stamp}`);

  await page.goto(`/tickets?q=${encodeURIComponent(`Reopen ${stamp}`)}`);
  const row = page.getByRole('row').filter({ hasText: `Reopen ${stamp}` });
  await expect(row.getByText('Reopened', { exact: true })).toBeVisible();
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByLabel('Reply', { exact: true }).fill('Looking at it again.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+\./ })).toBeVisible();
  await page.goto(`/tickets?q=${encodeURIComponent(`Reopen ${stamp}`)}`);
  await expect(page.getByRole('row').filter({ hasText: `Reopen ${stamp}` }).getByText('Reopened', { exact: true })).toHaveCount(0);
});

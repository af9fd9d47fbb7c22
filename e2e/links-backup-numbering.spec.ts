import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { emailsTo, linkIn, waitForEmail } from './support/mail';
import { appUrl } from './support/env';

const stamp = Date.now();
let token: string;

// Own address for the public forms' rate limit.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.77' } });

test.beforeAll(() => {
  token = createAdminToken(`links-backup ${stamp}`);
});

test('a refused link emails a fresh one only to people still on the ticket', async ({ page, browser, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const ticket = await api.createTicket({
    subject: `Fresh link ${stamp}`,
    message: 'Our VPN drops every hour.',
    customer: { email: `fresh-carol-${stamp}@acme.test`, name: 'Carol Customer' },
  });
  const guestEmail = `fresh-guest-${stamp}@guests.test`;
  const goneEmail = `fresh-gone-${stamp}@guests.test`;
  const guest = await api.addParticipant(ticket.id, { email: guestEmail, name: 'Gina Guest' });
  const gone = await api.addParticipant(ticket.id, { email: goneEmail, name: 'Gary Gone' });
  await api.removeParticipant(ticket.id, gone.id);

  // An admin rotates the ticket's links: the guest's old link is refused.
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Rotate links…' }).click();
  await page.getByRole('dialog', { name: 'Rotate links' }).getByRole('button', { name: 'Yes, rotate links' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Links rotated.' })).toBeVisible();

  const visitor = await (await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.78' } })).newPage();
  const neutral = 'If that address is on this ticket, we have emailed it a fresh link.';
  for (const address of [`stranger-${stamp}@elsewhere.test`, goneEmail, guestEmail]) {
    await visitor.goto(guest.ticketUrl);
    await expect(visitor.getByRole('heading', { name: 'This link cannot open the ticket' })).toBeVisible();
    await visitor.getByLabel('Email').fill(address);
    await visitor.getByRole('button', { name: 'Email me a fresh link' }).click();
    await expect(visitor.getByRole('status').filter({ hasText: neutral })).toBeVisible();
  }

  // Only the guest, still on the ticket, gets a link; it opens the ticket as them.
  const message = await waitForEmail(request, guestEmail, 'Your link to:');
  const fresh = linkIn(message, `${appUrl}/t/`);
  expect(fresh).not.toBe(guest.ticketUrl);
  await visitor.goto(fresh);
  await expect(visitor.getByText('You are viewing this ticket as Gina Guest (participant)')).toBeVisible();
  await expect(visitor.getByLabel('Email')).toHaveValue(guestEmail);
  expect(await emailsTo(request, `stranger-${stamp}@elsewhere.test`)).toHaveLength(0);
  expect((await emailsTo(request, goneEmail)).filter((m) => m.body.subject.includes('Your link to:'))).toHaveLength(0);
});

test('the CLI backs up the live database while the server runs', async ({ request }) => {
  const api = adminApi(request, token);
  const subject = `Backed up ${stamp}`;
  await api.createTicket({ subject, message: 'Keep me safe.', customer: { email: `backup-${stamp}@acme.test` } });
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-backup-')), 'copy.db');

  runCli(['backup', '--out', out]);

  const copy = new Database(out, { readonly: true });
  try {
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('select count(*) as n from tickets where subject = ?').get(subject)).toEqual({ n: 1 });
  } finally {
    copy.close();
  }
  // The server keeps working after the copy.
  expect((await request.get('/api/health')).status()).toBe(200);
});

test('admins change how ticket numbers look; new tickets follow', async ({ page, request }) => {
  const api = adminApi(request, token);
  await signIn(page);
  await page.goto('/admin/settings/tickets');
  await page.getByLabel('Ticket number prefix').fill('HELP-');
  await page.getByLabel('Ticket number suffix').fill('-EU');
  await page.getByLabel('First ticket number').fill('50000');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: /saved/i })).toBeVisible();
  try {
    const ticket = await api.createTicket({ subject: `Numbered ${stamp}`, message: 'Hello', customer: { email: `num-${stamp}@acme.test` } });
    expect(ticket.number).toMatch(/^HELP-5\d{4}-EU$/);
    await page.goto(`/tickets?q=${encodeURIComponent(ticket.number)}`);
    await expect(page.getByRole('link', { name: `Numbered ${stamp}` })).toBeVisible();
  } finally {
    await api.updateSettings({ ticketPrefix: 'PAR-', ticketSuffix: '', ticketNumberStart: 1001 });
  }
});

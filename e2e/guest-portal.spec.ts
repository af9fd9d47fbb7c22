import { expect, test, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';

// Guests, no account: submit at /submit, follow the ticket through the personal link, reply, close and reopen;
// an altered link is refused and the fresh-link form never tells who is on a ticket.

const stamp = Date.now();
const tag = `guest${stamp}`;
let token: string;

// Public forms are rate-limited per address: this file's requests come from their own address.
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.30' } });

test.beforeAll(() => {
  token = createAdminToken(`guest portal ${stamp}`);
});

/** Changes one character in the middle of the link's signature. */
function alterSignature(url: string): string {
  const i = url.length - 20;
  return url.slice(0, i) + (url[i] === 'x' ? 'y' : 'x') + url.slice(i + 1);
}

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });

test('a guest submits a ticket, opens their link, sees no private note and replies', async ({ page, request }) => {
  const api = adminApi(request, token);
  const email = `${tag}@guest.test`;

  await page.goto('/submit');
  await expect(page.getByRole('heading', { name: 'Submit a ticket' })).toBeVisible();

  // Bad input: one clear sentence next to each field (said once, no summary repeating them), and nothing stored.
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Email must be a valid email address.');
  await expect(page.getByLabel('Subject')).toHaveAccessibleDescription('Enter a subject.');
  await expect(page.getByLabel('Message')).toHaveAccessibleDescription('Write your message.');
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
  expect(await api.findTickets(tag)).toEqual([]);

  await page.getByLabel('Name').fill('Gwen Guest');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Subject').fill(`Printer jam ${tag}`);
  await page.getByLabel('Message').fill('The printer jams.\nThe manual says https://example.com/help?page=2 but that did not help.');
  await page.getByRole('button', { name: 'Submit ticket' }).click();
  const confirmation = page.getByRole('status').filter({ hasText: 'Your ticket number is' });
  await expect(confirmation).toBeVisible();
  await expect(confirmation).toContainText(email);
  const number = (await confirmation.getByRole('heading').textContent())!.replace('Your ticket number is ', '').trim();

  const [listed] = await api.findTickets(tag);
  expect(listed.number).toBe(number);
  const ticket = await api.getTicket(listed.id);
  expect(ticket.customer).toMatchObject({ email, name: 'Gwen Guest' });
  await api.reply(ticket.id, `Internal: the guest's printer is ancient ${tag}`, true);
  await api.reply(ticket.id, 'Sorry to hear that. Have you tried turning it off and on again?');

  const response = await page.goto(ticket.customer.ticketUrl);
  // The token is in the URL: it must never leave in a Referer header, nor be indexed.
  expect(response!.headers()['referrer-policy']).toBe('no-referrer');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');

  await expect(page.getByRole('heading', { level: 1, name: `Printer jam ${tag}` })).toBeVisible();
  await expect(page.getByText(number, { exact: false }).first()).toBeVisible();
  await expect(page.getByText('You are viewing this ticket as Gwen Guest (customer)')).toBeVisible();
  await expect(conversation(page).getByRole('article', { name: 'Reply by Administrator' })).toContainText('Agent');
  await expect(conversation(page).getByText('Have you tried turning it off and on again?')).toBeVisible();
  await expect(page.getByText('ancient')).toHaveCount(0);
  // Links in replies are clickable; the body keeps its line breaks.
  await expect(conversation(page).getByRole('link', { name: 'https://example.com/help?page=2' })).toHaveAttribute('href', 'https://example.com/help?page=2');

  await expect(page.getByLabel('Email')).toHaveValue(email);
  await page.getByLabel('Message').fill('It works after a restart. <b>Thanks</b>\nSecond line.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeVisible();
  const mine = conversation(page).getByRole('article', { name: 'Reply by Gwen Guest' }).last();
  // Shown as text, never as HTML.
  await expect(mine).toContainText('It works after a restart. <b>Thanks</b>');
  await expect(mine.locator('b')).toHaveCount(0);

  const after = await api.getTicket(ticket.id);
  expect(after.replies.at(-1)).toMatchObject({
    body: 'It works after a restart. <b>Thanks</b>\nSecond line.',
    private: false,
    author: { kind: 'customer', email, name: 'Gwen Guest' },
  });
});

test('an altered link is refused, and the fresh-link form answers the same whatever is typed', async ({ page, request }) => {
  const api = adminApi(request, token);
  const email = `${tag}-altered@guest.test`;
  const ticket = await api.createTicket({ subject: `Altered ${tag}`, message: 'Original message', customer: { email, name: 'Alma Altered' } });

  await page.goto(alterSignature(ticket.customer.ticketUrl));
  await expect(page.getByRole('heading', { name: 'This link cannot open the ticket' })).toBeVisible();
  await expect(page.getByText('This link is not valid or no longer works.')).toBeVisible();
  await expect(page.getByText('Original message')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send reply' })).toHaveCount(0);

  const neutral = 'If that address is on this ticket, we have emailed it a fresh link.';
  for (const typed of [email, `stranger-${tag}@nowhere.test`, 'not an address']) {
    await page.getByLabel('Email').fill(typed);
    await page.getByRole('button', { name: 'Email me a fresh link' }).click();
    await expect(page.getByRole('status').filter({ hasText: neutral })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
    // Ready for the next try: the answer goes away when the form is sent again.
    await page.reload();
  }

  // The real link still works.
  await page.goto(ticket.customer.ticketUrl);
  await expect(page.getByRole('heading', { level: 1, name: `Altered ${tag}` })).toBeVisible();
});

test('the customer closes and reopens; with reopening switched off, reopen is not offered', async ({ page, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ customersCanReopen: true });
  const ticket = await api.createTicket({
    subject: `Close me ${tag}`,
    message: 'Please close when done',
    customer: { email: `${tag}-close@guest.test`, name: 'Cleo Close' },
  });
  try {
    await page.goto(ticket.customer.ticketUrl);
    await page.getByRole('button', { name: 'Close ticket' }).click();
    await expect(page.getByRole('button', { name: 'Reopen ticket' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Close ticket' })).toHaveCount(0);
    await expect(page.getByText('Closed', { exact: true })).toBeVisible();
    expect((await api.getTicket(ticket.id)).status).toBe('closed');

    await page.getByRole('button', { name: 'Reopen ticket' }).click();
    await expect(page.getByRole('button', { name: 'Close ticket' })).toBeVisible();
    await expect(page.getByText('Open', { exact: true })).toBeVisible();
    expect((await api.getTicket(ticket.id)).status).toBe('open');

    await page.getByRole('button', { name: 'Close ticket' }).click();
    await expect(page.getByRole('button', { name: 'Reopen ticket' })).toBeVisible();
    await api.updateSettings({ customersCanReopen: false });
    await page.reload();
    await expect(page.getByText('Closed', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reopen ticket' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Send reply' })).toHaveCount(0);
    await expect(page.getByText('This ticket is closed.')).toBeVisible();
  } finally {
    await api.updateSettings({ customersCanReopen: true });
  }
});

test.describe('from one busy address', () => {
  // Its own address, so using up the limit here locks out no other test.
  test.use({ extraHTTPHeaders: { 'X-Forwarded-For': '198.51.100.130' } });

  test('the public forms are rate-limited per address', async ({ page, request }) => {
    const api = adminApi(request, token);
    await page.goto('/submit');
    // Invalid submissions count too, and store nothing.
    for (let attempt = 1; attempt <= 20; attempt++) {
      await page.getByRole('button', { name: 'Submit ticket' }).click();
      await expect(page.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true');
      await page.reload();
    }
    await page.getByLabel('Email').fill(`${tag}-busy@guest.test`);
    await page.getByLabel('Subject').fill(`Busy ${tag}`);
    await page.getByLabel('Message').fill('One too many');
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Too many attempts from your address.' })).toBeVisible();
    expect(await api.findTickets(`Busy ${tag}`)).toEqual([]);

    // The fresh-link form shares the public forms' limit.
    const ticket = await api.createTicket({ subject: `Limited ${tag}`, message: 'Hello', customer: { email: `${tag}-limited@guest.test` } });
    await page.goto(alterSignature(ticket.customer.ticketUrl));
    await page.getByLabel('Email').fill(`${tag}-limited@guest.test`);
    await page.getByRole('button', { name: 'Email me a fresh link' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Too many attempts from your address.' })).toBeVisible();
  });
});

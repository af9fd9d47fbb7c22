import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { admin } from './support/env';
import { elementsTooWide } from './support/layout';
import { deliverThroughResend } from './support/inbound-mail';
import { failuresLeft, setOutage, waitForEmail } from './support/mail';

// Issue 11, the everyday desk: live tickets, presence, drafts, saved replies, customer history, and the rough edges.

const stamp = Date.now();
const tag = `desk${stamp}`;
const forwardedFor = '198.51.100.111';
let token: string;
let counter = 0;
const unique = (label: string) => `${label}-${tag}-${++counter}`;

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
test.beforeAll(() => {
  token = createAdminToken(`desk ${stamp}`);
});

type Api = ReturnType<typeof adminApi>;

async function newTicket(api: Api, customer: { email?: string; name?: string; company?: string } = {}) {
  return api.createTicket({
    subject: unique('Printer jam'),
    message: 'The printer on floor 2 jams on every page.',
    customer: { email: `${unique('carol')}@acme.test`, name: 'Carol Customer', company: unique('Acme'), ...customer },
  });
}

async function newContextPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  return context.newPage();
}

/** A second agent (role agent) signed in on a page of their own. */
async function secondAgent(browser: Browser) {
  const email = `${unique('dana')}@team.test`;
  const name = `Dana ${counter}`;
  runCli(['create-agent', '--email', email, '--name', name, '--password', 'dana-password-123']);
  const page = await newContextPage(browser);
  await signIn(page, { email, password: 'dana-password-123' });
  return { page, name, email };
}

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });

test.describe('live updates', () => {
  test('a reply posted through the API appears on an open agent page and an open personal page without reload', async ({ page, browser, request }) => {
    const api = adminApi(request, token);
    const ticket = await newTicket(api);
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    const customer = await newContextPage(browser);
    await customer.goto(ticket.customer.ticketUrl);
    await expect(customer.getByText('You are viewing this ticket as Carol Customer (customer)')).toBeVisible();

    // Nothing reloads: a marker set on each window survives only an in-place update.
    await page.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));
    await customer.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));

    const text = `Live answer ${unique('reply')}`;
    await api.reply(ticket.id, text);
    await expect(conversation(page).getByText(text)).toBeVisible({ timeout: 8000 });
    await expect(conversation(customer).getByText(text)).toBeVisible({ timeout: 8000 });

    // Status and assignee changes show up the same way.
    const patched = await request.patch(`/api/v1/tickets/${ticket.id}`, { headers: { Authorization: `Bearer ${token}` }, data: { status: 'hold', assigneeEmail: admin.email } });
    expect(patched.ok()).toBe(true);
    await expect(page.getByLabel('Status')).toHaveValue('hold', { timeout: 8000 });
    await expect(page.getByLabel('Assignee')).toHaveValue(/\d+/);
    await expect(customer.getByText('On hold')).toBeVisible({ timeout: 8000 });

    expect(await page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
    expect(await customer.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
  });

  test('the ticket list refreshes its rows when a ticket arrives or changes', async ({ page, request }) => {
    const api = adminApi(request, token);
    await signIn(page);
    await page.goto('/tickets');
    const ticket = await newTicket(api);
    const row = page.getByRole('row').filter({ hasText: ticket.subject });
    await expect(row).toBeVisible({ timeout: 8000 });
    await expect(row.getByText('New', { exact: true })).toBeVisible();
    await api.reply(ticket.id, 'We are on it.');
    await expect(row.getByText('Open', { exact: true })).toBeVisible({ timeout: 8000 });
  });

  test('two agents on one ticket see each other viewing and replying; a reply by someone else while writing is announced and the draft kept', async ({
    page,
    browser,
    request,
  }) => {
    const api = adminApi(request, token);
    const ticket = await newTicket(api);
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    const dana = await secondAgent(browser);
    await dana.page.goto(`/tickets/${ticket.id}`);

    await expect(page.getByRole('status').filter({ hasText: `${dana.name} is viewing` })).toBeVisible({ timeout: 10_000 });
    await expect(dana.page.getByRole('status').filter({ hasText: `${admin.name} is viewing` })).toBeVisible({ timeout: 10_000 });

    const draft = 'Dear Carol, I have ordered a new';
    await dana.page.getByLabel('Reply').fill(draft);
    await expect(page.getByRole('status').filter({ hasText: `${dana.name} is replying` })).toBeVisible({ timeout: 10_000 });

    // The admin answers (through the API) while Dana is still writing.
    await api.reply(ticket.id, 'Fixed it remotely.');
    await expect(dana.page.getByRole('alert').filter({ hasText: `${admin.name} replied while you were writing` })).toBeVisible({ timeout: 10_000 });
    await expect(conversation(dana.page).getByText('Fixed it remotely.')).toBeVisible();
    await expect(dana.page.getByLabel('Reply')).toHaveValue(draft);

    // Dana leaves: the admin stops seeing her.
    await dana.page.goto('/tickets');
    await expect(page.getByRole('status').filter({ hasText: dana.name })).toHaveCount(0, { timeout: 10_000 });
  });

  test('an unsent reply survives a reload and is forgotten once sent', async ({ page, request }) => {
    const api = adminApi(request, token);
    const ticket = await newTicket(api);
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    await page.getByLabel('Reply').fill('Half a thought that must not be lost');
    await page.reload();
    await expect(page.getByLabel('Reply')).toHaveValue('Half a thought that must not be lost');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+\./ })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Reply')).toHaveValue('');
  });
});

test('saved replies: added on their own page, inserted into the reply box with tags filled, edited and deleted with confirmation', async ({ page, request }) => {
  const api = adminApi(request, token);
  const ticket = await newTicket(api, { name: 'Wanda Waters' });
  const title = unique('Greeting');
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Saved replies' }).click();
  await expect(page).toHaveTitle(/^Saved replies/);

  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Text').fill('Hello {name}, about {ticket_id}: {nonsense}');
  await page.getByRole('button', { name: 'Add saved reply' }).click();
  await expect(page.getByText('Unknown tag {nonsense}.', { exact: false })).toBeVisible();
  await page.getByLabel('Text').fill('Hello {name}, thanks for writing about {ticket_id}.');
  await page.getByRole('button', { name: 'Add saved reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved reply “${title}” added.` })).toBeVisible();

  await page.goto(`/tickets/${ticket.id}`);
  await page.getByLabel('Reply').fill('First line.');
  await page.getByRole('button', { name: 'Insert saved reply' }).click();
  await page.getByLabel('Search saved replies').fill(title);
  await page.getByRole('list', { name: 'Saved replies' }).getByRole('button', { name: new RegExp(title) }).click();
  await expect(page.getByLabel('Reply')).toHaveValue(`First line.\n\nHello Wanda Waters, thanks for writing about ${ticket.number}.`);

  await page.goto('/saved-replies');
  const item = page.getByRole('article', { name: title });
  await item.getByRole('button', { name: `Edit ${title}` }).click();
  await item.getByLabel('Text').fill('Hi {name}.');
  await item.getByRole('button', { name: 'Save changes' }).click();
  await expect(item.getByRole('status').filter({ hasText: 'updated' })).toBeVisible();
  await item.getByRole('button', { name: 'Close' }).click();
  await expect(item.getByText('Hi {name}.')).toBeVisible();

  await item.getByRole('button', { name: `Delete ${title}` }).click();
  await item.getByRole('button', { name: 'Cancel' }).click();
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: `Delete ${title}` }).click();
  await item.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('article', { name: title })).toHaveCount(0);
});

test('a customer’s page lists their tickets and those they take part in; a company’s page lists its customers and tickets', async ({ page, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const company = unique('Globex');
  const own = await newTicket(api, { email: `${unique('pat')}@globex.test`, name: `Pat ${tag}`, company });
  const other = await newTicket(api);
  await api.addParticipant(other.id, { email: own.customer.email });

  await signIn(page);
  await page.goto(`/customers/${own.customer.id}`);
  await expect(page).toHaveTitle(new RegExp(`^Pat ${tag}`));
  const ownTickets = page.getByRole('table', { name: `Tickets of Pat ${tag}` });
  await expect(ownTickets.getByRole('row').filter({ hasText: own.subject })).toContainText('New');
  await expect(ownTickets).not.toContainText(other.subject);
  const takesPart = page.getByRole('table', { name: `Tickets Pat ${tag} takes part in` });
  await expect(takesPart.getByRole('link', { name: other.subject })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Edit customer' })).toBeVisible();

  await page.goto(`/tickets/${own.id}`);
  await page.getByRole('link', { name: company }).click();
  await expect(page).toHaveTitle(new RegExp(`^${company}`));
  await expect(page.getByRole('link', { name: `Pat ${tag}` }).first()).toBeVisible();
  await expect(page.getByRole('table', { name: `Tickets of ${company}’s customers` }).getByRole('link', { name: own.subject })).toBeVisible();
});

test('the ticket list’s filters apply on change and keep the address shareable', async ({ page, browser, request }) => {
  const api = adminApi(request, token);
  const word = unique('quokka');
  const held = await api.createTicket({ subject: `Held ${word}`, message: 'x', customer: { email: `${unique('f')}@f.test` } });
  await api.createTicket({ subject: `Fresh ${word}`, message: 'x', customer: { email: `${unique('g')}@f.test` } });
  await request.patch(`/api/v1/tickets/${held.id}`, { headers: { Authorization: `Bearer ${token}` }, data: { status: 'hold' } });

  await signIn(page);
  await page.getByLabel('Search tickets').fill(word);
  await expect(page).toHaveURL(new RegExp(`q=${word}`));
  await expect(page.getByRole('link', { name: `Fresh ${word}` })).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'On hold' });
  await expect(page).toHaveURL(/status=hold/);
  await expect(page.getByRole('link', { name: `Fresh ${word}` })).toHaveCount(0);
  await expect(page.getByRole('link', { name: `Held ${word}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Search' })).toHaveCount(0);

  const shared = await newContextPage(browser);
  await signIn(shared);
  await shared.goto(page.url());
  await expect(shared.getByLabel('Status')).toHaveValue('hold');
  await expect(shared.getByLabel('Search tickets')).toHaveValue(word);
  await expect(shared.getByRole('link', { name: `Held ${word}` })).toBeVisible();
  await expect(shared.getByRole('link', { name: `Fresh ${word}` })).toHaveCount(0);
});

test.describe('rough edges', () => {
  test('adding a participant with the field empty says once what to do', async ({ page, request }) => {
    const api = adminApi(request, token);
    await api.updateSettings({ participantsEnabled: true });
    const ticket = await newTicket(api);
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'View participants' }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText('Type an email address, or a name to pick a customer.')).toHaveCount(1);
    await expect(page.getByText('not both')).toHaveCount(0);
  });

  test('closing and reopening through a personal link say what happened, and older messages clear', async ({ page, request }) => {
    const api = adminApi(request, token);
    await api.updateSettings({ customersCanReopen: true });
    const ticket = await newTicket(api);
    await page.goto(ticket.customer.ticketUrl);
    await page.getByLabel('Message').fill('One more detail.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByText('Your reply was sent.')).toBeVisible();
    await page.getByRole('button', { name: 'Close ticket' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The ticket is closed.' })).toBeVisible();
    await expect(page.getByText('Your reply was sent.', { exact: true })).toHaveCount(0);
    await page.getByRole('button', { name: 'Reopen ticket' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The ticket is open again.' })).toBeVisible();
    await expect(page.getByText('The ticket is closed.', { exact: true })).toHaveCount(0);
  });

  test('Remove and Rotate links (in the More menu) ask first; rotation emails everyone their new link', async ({ page, request }) => {
    const api = adminApi(request, token);
    await api.updateSettings({ participantsEnabled: true });
    const ticket = await newTicket(api);
    const guest = await api.addParticipant(ticket.id, { email: `${unique('gil')}@guests.test`, name: 'Gil Guest' });
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    await page.getByRole('button', { name: 'View participants' }).click();

    await page.getByRole('button', { name: `Remove ${guest.email}` }).click();
    await expect(page.getByText(`Remove ${guest.email} from this ticket?`)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('list', { name: 'Participants' }).getByText(guest.email, { exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Rotate links…' }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate links' });
    await expect(rotate.getByLabel('Email everyone on the ticket their new link')).toBeChecked();
    await rotate.getByRole('button', { name: 'Yes, rotate links' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'everyone on the ticket is being emailed their new link' })).toBeVisible();
    const newCustomerLink = await page.getByLabel('Customer link').inputValue();
    const mail = await waitForEmail(request, ticket.customer.email, 'Your new link to');
    expect(mail.body.text).toContain(newCustomerLink);
    await waitForEmail(request, guest.email, 'Your new link to');

    await page.getByRole('button', { name: `Remove ${guest.email}` }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await expect(page.getByRole('list', { name: 'Participants' })).toHaveCount(0);
  });

  test('not-found pages are Parley’s own, in the app shell, with a way back; the favicon exists', async ({ page }) => {
    await signIn(page);
    for (const path of ['/tickets/9999999', '/tickets/abc', '/customers/9999999', '/companies/9999999', '/admin/mailbox/9999999']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeAttached();
      await expect(page.getByRole('link', { name: '← Back to the tickets' })).toBeVisible();
    }
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.goto('/tickets');
    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect((await page.request.get(icon!)).status()).toBe(200);
    expect(missing.filter((url) => !url.endsWith('/no-such-page'))).toEqual([]);
  });

  test('at 390 px the menu is compact, the ticket table keeps its status column and no main page scrolls sideways', async ({ browser, request }) => {
    const api = adminApi(request, token);
    const longAddress = `${unique('a-very-long-address-for-narrow-screens')}@an-extremely-long-domain-name.example`;
    // The first email to that address is refused, so Settings lists it in its table of failed emails.
    await setOutage(request, { failures: 1, status: 422, to: longAddress });
    const ticket = await newTicket(api, { email: longAddress });
    await expect.poll(() => failuresLeft(request), { timeout: 20_000 }).toBe(0);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
    const page = await context.newPage();
    await signIn(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeHidden();
    await page.getByRole('button', { name: /Menu/ }).click();
    await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
    await page.getByRole('button', { name: /Menu/ }).click();
    await expect(page.getByRole('columnheader', { name: 'Status' })).toBeVisible();
    await expect(async () => {
      await page.goto('/admin/settings/emails');
      await expect(page.getByRole('table', { name: 'Failed emails' }).getByRole('row').filter({ hasText: longAddress })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });

    // Inbound keeps its Reason column and its buttons within reach: the table scrolls inside its card, says so, and
    // a subject keeps whole words on its lines. (A junk message without a sender makes sure there is a row.)
    await deliverThroughResend(request, ['To: support@inbound.parley.test', `Subject: Narrow ${tag}`, `Message-ID: <narrow-${tag}@spam.test>`, '', 'Junk.', ''].join('\r\n'));
    await expect(async () => {
      await page.goto('/admin/inbound?show=all');
      await expect(page.getByRole('row').filter({ hasText: `Narrow ${tag}` })).toBeAttached({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    const inbound = page.getByRole('region', { name: 'Inbound messages (scrolls sideways)' });
    await expect(page.getByText('Scroll sideways for more columns →').first()).toBeVisible();
    const reason = inbound.getByRole('columnheader', { name: 'Reason' });
    await inbound.focus();
    await reason.scrollIntoViewIfNeeded();
    await expect(reason).toBeInViewport();
    const subject = inbound.getByRole('columnheader', { name: 'Subject' });
    expect((await subject.boundingBox())!.width).toBeGreaterThan(150);
    await page.goto('/admin/agents');
    await expect(page.getByText('Scroll sideways for more columns →').first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Agents (scrolls sideways)' })).toBeVisible();

    const settingsPages = ['/admin/settings', '/admin/settings/tickets', '/admin/settings/emails', '/admin/settings/inbound', '/admin/settings/service-levels', '/admin/settings/tags'];
    for (const path of ['/tickets', `/tickets/${ticket.id}`, '/customers', `/customers/${ticket.customer.id}`, '/companies', '/saved-replies', '/reports', ...settingsPages, '/admin/agents', '/admin/tokens', '/admin/webhooks', '/admin/inbound', '/admin/mailbox']) {
      await page.goto(path);
      const tooWide = await elementsTooWide(page);
      expect(tooWide, `${path} scrolls sideways`).toEqual([]);
    }
    await context.close();
  });

  test('at 1280 px with 40-character names the header stays one row and “Signed in as” does not break', async ({ browser }) => {
    const name = `Maximiliane Bartholomäus-Wolkenstein ${counter}`.padEnd(40, 'x').slice(0, 40);
    const email = `${unique('long')}@team.test`;
    runCli(['create-agent', '--email', email, '--name', name, '--password', 'long-name-password-1', '--role', 'admin']);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
    const page = await context.newPage();
    await signIn(page, { email, password: 'long-name-password-1' });
    for (const path of ['/saved-replies', '/tickets', '/admin/inbound', '/admin/settings', '/admin/settings/emails']) {
      await page.goto(path);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav).toBeVisible();
      const links = await nav.getByRole('link').all();
      const tops = await Promise.all(links.map(async (link) => (await link.boundingBox())!.y));
      expect(Math.max(...tops) - Math.min(...tops), `${path}: the navigation is one row`).toBeLessThan(4);
      const signedIn = page.getByText('Signed in as', { exact: true });
      const you = page.getByRole('link', { name, exact: true });
      await expect(you).toHaveAttribute('title', name);
      // Cut, never squeezed away: an admin's eleven links leave the name room to be read and clicked.
      await expect(you).toBeVisible();
      expect((await you.boundingBox())!.width, `${path}: the name keeps room`).toBeGreaterThan(70);
      const [label, link, header] = [await signedIn.boundingBox(), await you.boundingBox(), await page.getByRole('banner').boundingBox()];
      expect(Math.abs(label!.y - link!.y), `${path}: “Signed in as” and the name share a line`).toBeLessThan(4);
      expect(label!.height, `${path}: “Signed in as” is one line`).toBeLessThan(24);
      // One row: the padding and the Sign out button, nothing wrapped below.
      expect(header!.height, `${path}: the header is one row`).toBeLessThan(80);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `${path} scrolls sideways`).toBe(true);
    }
    await context.close();
  });

  test('navigation highlights the current section; labels say what they do; links have Copy buttons', async ({ page, request, context }) => {
    const api = adminApi(request, token);
    await api.updateSettings({ participantsEnabled: true });
    const ticket = await newTicket(api);
    await api.addParticipant(ticket.id, { email: `${unique('cop')}@guests.test` });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Tickets' })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: 'Customers' })).not.toHaveAttribute('aria-current', 'page');

    await expect(page.getByRole('heading', { name: 'Write a reply' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send reply' })).toBeVisible();
    await page.getByLabel('Private note').check();
    await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();
    await expect(page.getByLabel('Status').locator('option')).toHaveText(['New', 'Open', 'On hold', 'Closed']);

    await page.getByRole('button', { name: 'Copy the customer’s link' }).click();
    await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByLabel('Customer link').inputValue());
    await page.getByRole('button', { name: 'View participants' }).click();
    await expect(page.getByRole('button', { name: /^Copy .*’s link$/ })).toHaveCount(2);

    await page.goto('/tickets');
    await expect(page.getByLabel('Status').locator('option')).toHaveText(['All', 'New', 'Open', 'On hold', 'Closed']);
    await page.goto('/admin/settings/emails');
    await expect(nav.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Emails' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { name: 'Emails', exact: true })).toHaveCount(1);
  });

  test('a forgotten admin password can be reset from the command line', async ({ page }) => {
    const email = `${unique('reset')}@team.test`;
    runCli(['create-agent', '--email', email, '--name', 'Forgetful', '--password', 'first-password-123', '--role', 'admin']);
    const password = runCli(['reset-password', '--email', email]);
    expect(password).toMatch(/^\S{12,}$/);
    await signIn(page, { email, password });
  });
});

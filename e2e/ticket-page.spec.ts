import { expect, test, type Browser } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { admin } from './support/env';
import { elementsTooWide } from './support/layout';

// Issue 20, one-click work on the agent's ticket page: choices that apply on change, the More menu, the next ticket of
// the list, history folded to its last entries, presence in view, and the details first on a phone.
// (Keyboard use of all of it: e2e/accessibility.spec.ts.)

const stamp = Date.now();
const forwardedFor = '198.51.100.120';
let token: string;
let counter = 0;
const unique = (label: string) => `${label}-${stamp}-${++counter}`;

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
test.beforeAll(() => {
  token = createAdminToken(`ticket page ${stamp}`);
});

async function secondAgent(browser: Browser, name: string) {
  const email = `${unique('second')}@team.test`;
  runCli(['create-agent', '--email', email, '--name', name, '--password', 'second-password-123']);
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  const page = await context.newPage();
  await signIn(page, { email, password: 'second-password-123' });
  return { page, name, email };
}

test('status, priority and assignee apply on change with a live confirmation; Assign to me stays one click', async ({ page, request }) => {
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: unique('One change'), message: 'Hi', customer: { email: `${unique('o')}@example.com` } });
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(page.getByRole('button', { name: /^Update / })).toHaveCount(0);

  await page.getByLabel('Status').selectOption({ label: 'On hold' });
  await expect(page.getByRole('status').filter({ hasText: 'Status set to On hold.' })).toBeVisible();
  await expect(heading).toContainText('On hold');
  await page.getByLabel('Priority').selectOption({ label: 'Urgent' });
  await expect(page.getByRole('status').filter({ hasText: 'Priority set to Urgent.' })).toBeVisible();
  await expect(heading).toContainText('Urgent priority');
  await page.getByLabel('Assignee').selectOption({ label: `${admin.name} (${admin.email})` });
  await expect(page.getByRole('status').filter({ hasText: `Assigned to ${admin.name}.` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Assign to me' })).toHaveCount(0);
  await page.getByLabel('Assignee').selectOption({ label: 'Unassigned' });
  await expect(page.getByRole('status').filter({ hasText: 'The ticket is unassigned.' })).toBeVisible();
  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Assigned to ${admin.name}.` })).toBeVisible();

  // Each change is saved once, as the history and a fresh load show.
  const saved = await api.getTicket(ticket.id);
  expect(saved).toMatchObject({ status: 'hold', priority: 'urgent' });
  await page.reload();
  await expect(page.getByLabel('Status')).toHaveValue('hold');
  await page.getByRole('button', { name: /^Show all \d+ entries$/ }).click();
  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByText('changed the status from new to hold')).toHaveCount(1);
  await expect(history.getByText(`assigned the ticket to ${admin.name}`)).toHaveCount(2);
});

test('Rotate links is in the More menu behind its confirmation; Cancel changes nothing', async ({ page, request }) => {
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: unique('Menu'), message: 'Hi', customer: { email: `${unique('m')}@example.com` } });
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const oldLink = await page.getByLabel('Customer link').inputValue();
  await expect(page.getByRole('button', { name: 'Rotate links' })).toHaveCount(0);
  const more = page.getByRole('button', { name: 'More' });
  await more.click();
  await expect(page.getByRole('menu', { name: 'More' })).toBeVisible();
  await page.getByRole('menuitem', { name: 'Rotate links…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate links' });
  await expect(dialog.getByText('Rotate this ticket’s links? Every link sent before stops working at once.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Customer link')).toHaveValue(oldLink);

  await more.click();
  await page.getByRole('menuitem', { name: 'Rotate links…' }).click();
  await dialog.getByLabel('Email everyone on the ticket their new link').uncheck();
  await dialog.getByRole('button', { name: 'Yes, rotate links' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Links rotated. Earlier links no longer work; share the new ones.' })).toBeVisible();
  await expect(page.getByLabel('Customer link')).not.toHaveValue(oldLink);
  // A click outside closes an open menu.
  await more.click();
  await page.getByRole('heading', { level: 1 }).click();
  await expect(page.getByRole('menu', { name: 'More' })).toBeHidden();
});

test('an agent (not an admin) has no More menu: Rotate links is an admin’s', async ({ browser, request }) => {
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: unique('No menu'), message: 'Hi', customer: { email: `${unique('n')}@example.com` } });
  const agent = await secondAgent(browser, 'Plain Agent');
  await agent.page.goto(`/tickets/${ticket.id}`);
  await expect(agent.page.getByRole('heading', { level: 1 })).toContainText('No menu');
  await expect(agent.page.getByRole('button', { name: 'More' })).toHaveCount(0);
  await agent.page.context().close();
});

test('Next ticket follows the list the ticket was opened from, its filters and order, even after working the ticket', async ({ page, request }) => {
  const api = adminApi(request, token);
  const word = unique('nextword');
  const newTicket = (name: string) => api.createTicket({ subject: `${name} ${word}`, message: 'Hi', customer: { email: `${unique('list')}@example.com` } });
  const oldest = await newTicket('Oldest');
  await newTicket('Middle');
  await newTicket('Newest');
  await newTicket('Extra');
  // On hold: not in the "New" list below.
  await request.patch(`/api/v1/tickets/${oldest.id}`, { headers: { Authorization: `Bearer ${token}` }, data: { status: 'hold' } });
  const heading = page.getByRole('heading', { level: 1 });

  await signIn(page);
  await page.goto(`/tickets?q=${word}&status=new&sort=created`);
  await page.getByRole('link', { name: `Newest ${word}` }).click();
  await expect(heading).toContainText(`Newest ${word}`);
  // The way back keeps the list.
  await expect(page.getByRole('link', { name: '← Tickets' })).toHaveAttribute('href', `/tickets?status=new&q=${word}&sort=created`);
  // A reply opens the ticket, so it leaves this "New" list: what comes next is still the ticket below it there.
  await page.getByLabel('Reply', { exact: true }).fill('Looking now.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+\./ })).toBeVisible();
  await page.getByRole('link', { name: 'Next ticket →' }).click();
  await expect(heading).toContainText(`Middle ${word}`);
  // The oldest is on hold: Middle is the list's last.
  await expect(page.getByText('Last ticket in this list')).toBeVisible();
  await page.getByRole('link', { name: '← Tickets' }).click();
  await expect(page).toHaveURL(new RegExp(`/tickets\\?status=new&q=${word}&sort=created$`));
  await expect(page.getByLabel('Status')).toHaveValue('new');

  // "Last activity": a reply moves the ticket to the top of the list, and Next is still the one that was below it.
  await page.goto(`/tickets?q=${word}`);
  const links = page.getByRole('link', { name: new RegExp(word) });
  await expect(links).toHaveCount(4);
  const order = await links.allTextContents();
  await links.nth(1).click();
  await expect(heading).toContainText(order[1]);
  await page.getByLabel('Reply', { exact: true }).fill('Moving you up.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+\./ })).toBeVisible();
  await page.getByRole('link', { name: 'Next ticket →' }).click();
  await expect(heading).toContainText(order[2]);
});

test('history shows its last 5 entries until Show all', async ({ page, request }) => {
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: unique('History'), message: 'Hi', customer: { email: `${unique('h')}@example.com` } });
  for (const status of ['open', 'hold', 'open', 'hold', 'open', 'closed']) {
    await request.patch(`/api/v1/tickets/${ticket.id}`, { headers: { Authorization: `Bearer ${token}` }, data: { status } });
  }
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(5);
  await expect(history.getByRole('listitem').last()).toContainText('changed the status from open to closed');
  await expect(history.getByText('created the ticket')).toBeHidden();
  const showAll = page.getByRole('button', { name: 'Show all 7 entries' });
  await expect(showAll).toHaveAttribute('aria-expanded', 'false');
  await showAll.click();
  await expect(history.getByRole('listitem')).toHaveCount(7);
  await expect(history.getByRole('listitem').first()).toContainText('created the ticket');
  await page.getByRole('button', { name: 'Show the last 5 only' }).click();
  await expect(history.getByRole('listitem')).toHaveCount(5);
});

test('the presence line stays in view at the top while the agent scrolls down to the reply box', async ({ page, browser, request }) => {
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: unique('Presence'), message: 'Hi', customer: { email: `${unique('p')}@example.com` } });
  for (let i = 0; i < 7; i++) await api.reply(ticket.id, `Reply ${i}\n${'A long paragraph of text. '.repeat(30)}`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const ann = await secondAgent(browser, `Ann ${stamp}`);
  await ann.page.goto(`/tickets/${ticket.id}`);
  const presence = page.getByRole('status').filter({ hasText: `Ann ${stamp} is viewing` });
  await expect(presence).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Send reply' }).scrollIntoViewIfNeeded();
  await expect(page.getByRole('button', { name: 'Send reply' })).toBeInViewport();
  await expect(page.getByRole('heading', { level: 1 })).not.toBeInViewport();
  await expect(presence).toBeInViewport();
  await ann.page.getByLabel('Reply', { exact: true }).fill('Drafting');
  await expect(page.getByRole('status').filter({ hasText: `Ann ${stamp} is replying` })).toBeInViewport({ timeout: 10_000 });
  await ann.page.context().close();
});

test('on a phone the status, assignee and people come first and fold away; at 1280 px they sit beside the conversation; 40-character names fit both', async ({ browser, request }) => {
  const api = adminApi(request, token);
  const long = (start: string) => `${start} ${'x'.repeat(40)}`.slice(0, 40);
  const agentName = long(`Agent ${stamp}`);
  const agentEmail = `${unique('long-agent')}@team.test`;
  runCli(['create-agent', '--email', agentEmail, '--name', agentName, '--password', 'long-agent-password-1']);
  await api.updateSettings({ participantsEnabled: true });
  const ticket = await api.createTicket({
    subject: long(`Subject ${stamp}`),
    message: 'Hi',
    customer: { email: `${unique('a-long-customer-address')}@an-extremely-long-domain-name.example`, name: long(`Customer ${stamp}`), company: long(`Company ${stamp}`) },
  });
  await api.addParticipant(ticket.id, { email: `${unique('p')}@guests.test`, name: long(`Participant ${stamp}`) });
  for (let i = 0; i < 7; i++) await api.reply(ticket.id, `Reply ${i}`);
  await request.patch(`/api/v1/tickets/${ticket.id}`, { headers: { Authorization: `Bearer ${token}` }, data: { assigneeEmail: agentEmail } });

  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 844 }, extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    await expect(page.getByLabel('Assignee').locator('option:checked')).toHaveText(`${agentName} (${agentEmail})`);
    await page.getByRole('button', { name: 'View participants' }).click();
    expect(await elementsTooWide(page), `ticket page at ${width} px scrolls sideways`).toEqual([]);
    const status = await page.getByLabel('Status').boundingBox();
    const conversation = await page.getByRole('region', { name: 'Conversation' }).boundingBox();
    const customer = page.getByRole('region', { name: 'Customer' });
    if (width === 390) {
      // First, above the conversation, and the customer with them.
      expect(status!.y).toBeLessThan(conversation!.y);
      expect((await customer.boundingBox())!.y).toBeLessThan(conversation!.y);
      await page.getByRole('button', { name: 'Hide details' }).click();
      await expect(page.getByLabel('Status')).toBeHidden();
      await expect(customer).toBeHidden();
      // What they say stays in one line above the conversation.
      await expect(page.getByRole('region', { name: 'Ticket details' })).toContainText(`Open · ${agentName} · ${long(`Customer ${stamp}`)}`);
      await page.getByRole('button', { name: 'Show details' }).click();
      await expect(page.getByLabel('Status')).toBeVisible();
    } else {
      // The right-hand column, level with the conversation; no fold button.
      expect(status!.x).toBeGreaterThan(conversation!.x + conversation!.width);
      expect(status!.y).toBeLessThan(conversation!.y + 200);
      await expect(page.getByRole('button', { name: 'Hide details' })).toBeHidden();
    }
    await context.close();
  }
});

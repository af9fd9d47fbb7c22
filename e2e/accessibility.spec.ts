import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import Database from 'better-sqlite3';
import { admin, appDatabasePath, mailboxAppUrl } from './support/env';
import { deliverThroughResend } from './support/inbound-mail';
import { linkIn, waitForEmail } from './support/mail';

// Issue 12: every page and state passes axe-core's WCAG 2.x A/AA rules, and keyboard users keep their place: focus
// lands on the result of each action (or the first invalid field), and the skip link reaches the main landmark.

const stamp = Date.now();
const tag = `a11y${stamp}`;
const forwardedFor = '198.51.100.80';
const plainAgent = { email: `plain-${tag}@parley.test`, password: 'plain-password-1' };
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });

type Fixture = {
  ticketId: number;
  customerId: number;
  companyId: number;
  customerLink: string;
  participantLink: string;
  leavingParticipantLink: string;
  customerName: string;
  // Another ticket to pick in "Merge into…", and a ticket merged into it.
  mergeTargetNumber: string;
  mergedTicketId: number;
  // A ticket a refused email matched (its banner: "1 email from … was refused").
  refusedTicketId: number;
  // The closing email's "Good" link of a second, closed ticket's customer (issue 23).
  ratingLink: string;
};
let fixture: Fixture;
let adminState: Awaited<ReturnType<BrowserContext['storageState']>>;
let plainAgentState: Awaited<ReturnType<BrowserContext['storageState']>>;

async function signedInState(browser: Browser, credentials?: { email: string; password: string }) {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  await signIn(await context.newPage(), credentials);
  const state = await context.storageState();
  await context.close();
  return state;
}

test.beforeAll(async ({ browser, playwright }) => {
  const request = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const token = createAdminToken(`accessibility ${stamp}`);
  const api = adminApi(request, token);
  // People on a ticket may add people (issue 18): the personal pages show the form.
  await api.updateSettings({ participantsEnabled: true, participantsMayAddPeople: true });
  const customerName = `Ada Accessible ${tag}`;
  const ticket = await api.createTicket({
    subject: `Screen reader check ${tag}`,
    message: 'The reply box loses my place.',
    customer: { email: `ada-${tag}@example.com`, name: customerName, company: `Access Co ${tag}` },
  });
  await api.reply(ticket.id, 'Thanks, we are looking into it.');
  await api.reply(ticket.id, 'Agents only: check the focus order.', true);
  const participant = await api.addParticipant(ticket.id, { email: `pat-${tag}@guests.test`, name: 'Pat Participant' });
  const leaving = await api.addParticipant(ticket.id, { email: `leo-${tag}@guests.test`, name: 'Leo Leaving' });
  // A side reply to the participant: their page then offers to answer within it ("Send to").
  await api.sideReply(ticket.id, 'Pat, only for you: can you confirm?', [participant.id]);
  const customer = (await api.getTicket(ticket.id)).customer;
  const mergeTarget = await api.createTicket({ subject: `Merge target ${tag}`, message: 'The same problem again.', customer: { email: `mo-${tag}@example.com`, name: 'Mo Merge' } });
  const merged = await api.createTicket({ subject: `Merged away ${tag}`, message: 'Merged into the target.', customer: { email: `mia-${tag}@example.com`, name: 'Mia Merged' } });
  await api.mergeTicket(merged.id, mergeTarget.id);
  // Someone the customer Cc'd whom mail did not add: the ticket page shows "Cc'd, not on this ticket" (written as
  // inbound mail writes it; piping mail in is the inbound specs' part).
  const db = new Database(appDatabasePath);
  db.prepare("insert into cc_candidates (ticket_id, email, name, cc_by_email, cc_by_name, reason, status, created_at) values (?, ?, 'Cy Copied', ?, ?, 'not-allowed', 'pending', ?)").run(
    ticket.id,
    `cy-${tag}@example.com`,
    customer.email,
    customerName,
    Date.now(),
  );
  db.close();
  // A closed ticket whose closing email asks its customer for a rating (asked until afterAll, so the page shows its form).
  await api.updateSettings({ askForRating: true });
  const rated = await api.createTicket({ subject: `Rate the access ${tag}`, message: 'Done?', customer: { email: `rae-${tag}@example.com`, name: 'Rae Rater' } });
  const closed = await request.patch(`/api/v1/tickets/${rated.id}`, { headers: { Authorization: `Bearer ${token}` }, data: { status: 'closed' } });
  expect(closed.ok()).toBe(true);
  const closingEmail = await waitForEmail(request, `rae-${tag}@example.com`, 'Closed:');
  adminToken = token;
  // Someone the participant picker suggests (the ticket's own customer never is).
  await api.createCustomer({ email: `sam-${tag}@example.com`, name: `Sam Suggested ${tag}` });
  // A stranger's email to a participant's reply address: refused, shown on that ticket and under Admin → Inbound.
  const refused = await api.createTicket({ subject: `Refused mail ${tag}`, message: 'Who else writes?', customer: { email: `rae-${tag}@example.com`, name: 'Rae' } });
  const replier = await api.addParticipant(refused.id, { email: `ray-${tag}@guests.test`, name: 'Ray' });
  const added = await waitForEmail(request, replier.email, 'You were added to');
  await deliverThroughResend(request, { from: `stray-${tag}@elsewhere.test`, to: String([added.body.reply_to].flat()[0]), subject: 'Re: hello', body: 'May I join?' });
  runCli(['create-agent', '--email', plainAgent.email, '--name', 'Plain Agent', '--password', plainAgent.password, '--role', 'agent']);
  adminState = await signedInState(browser);
  plainAgentState = await signedInState(browser, plainAgent);
  // The company's id, as an agent finds it: through the company list's search.
  const context = await browser.newContext({ storageState: adminState });
  const page = await context.newPage();
  await page.goto(`/companies?q=${encodeURIComponent(`Access Co ${tag}`)}`);
  const companyHref = await page.getByRole('link', { name: `Access Co ${tag}` }).getAttribute('href');
  await context.close();
  fixture = {
    ticketId: ticket.id,
    customerId: customer.id,
    companyId: Number(companyHref?.split('/').pop()),
    customerLink: customer.ticketUrl,
    participantLink: participant.ticketUrl,
    leavingParticipantLink: leaving.ticketUrl,
    customerName,
    mergeTargetNumber: mergeTarget.number,
    mergedTicketId: merged.id,
    refusedTicketId: refused.id,
    ratingLink: linkIn(closingEmail, `${(await api.getTicket(rated.id)).customer.ticketUrl}/rate/`),
  };
  await request.dispose();
});

// The shared server's other specs expect the default: no rating questions in their closing emails.
let adminToken: string;
test.afterAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await adminApi(request, adminToken).updateSettings({ askForRating: false });
  await request.dispose();
});

type Who = 'admin' | 'agent' | 'visitor';
/** One page, or one state of a page, that axe checks. `open` gets there from a fresh tab. */
type PageCheck = { name: string; as: Who; open: (page: Page, f: Fixture) => Promise<unknown> };

const go = (path: string | ((f: Fixture) => string)) => (page: Page, f: Fixture) => page.goto(typeof path === 'string' ? path : path(f));

const ticketPage = (f: Fixture) => `/tickets/${f.ticketId}`;

/** Opens the page, types `value` into the field labelled `field` (when given), presses `button`, and waits for the field's error. */
const withFieldError =
  (path: string | ((f: Fixture) => string), { field, value, button }: { field: string; value?: string; button: string }) =>
  async (page: Page, f: Fixture) => {
    await go(path)(page, f);
    if (value !== undefined) await page.getByLabel(field, { exact: true }).fill(value);
    await page.getByRole('button', { name: button, exact: true }).click();
    await expect(page.getByLabel(field, { exact: true })).toHaveAttribute('aria-invalid', 'true');
  };

const suggestions = (page: Page) => page.getByRole('listbox', { name: 'Matching customers' }).getByRole('option');

async function openParticipants(page: Page, f: Fixture) {
  await page.goto(ticketPage(f));
  await page.getByRole('button', { name: 'View participants' }).click();
  await expect(page.getByLabel('Add participant')).toBeVisible();
}

// Add a row here for every new page or state.
const pageChecks: PageCheck[] = [
  // Agent pages
  { name: 'ticket list', as: 'admin', open: go('/tickets') },
  { name: 'ticket list, filtered to nothing', as: 'admin', open: go(`/tickets?q=nothing-${tag}&status=closed`) },
  { name: 'new ticket form', as: 'admin', open: go('/tickets/new') },
  {
    name: 'new ticket form with errors',
    as: 'admin',
    open: withFieldError('/tickets/new', { field: 'Customer email', value: 'not-an-address', button: 'Create ticket' }),
  },
  { name: 'ticket page', as: 'admin', open: go(ticketPage) },
  { name: 'ticket page, participants open', as: 'admin', open: openParticipants },
  {
    name: 'ticket page, side reply to chosen people',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByLabel('Choose people').check();
      await page.getByLabel('Pat Participant').check();
      await expect(page.getByText('To: Pat Participant only')).toBeVisible();
    },
  },
  {
    name: 'ticket page, customer suggestions open',
    as: 'admin',
    open: async (page, f) => {
      await openParticipants(page, f);
      const input = page.getByLabel('Add participant');
      await input.pressSequentially('Sam Suggested');
      const suggestion = suggestions(page).first();
      await expect(suggestion).toBeVisible();
      await input.press('ArrowDown');
      await expect(suggestion).toHaveAttribute('aria-selected', 'true');
    },
  },
  {
    name: 'ticket page, add participant error',
    as: 'admin',
    open: async (page, f) => {
      await openParticipants(page, f);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(page.getByLabel('Add participant')).toHaveAttribute('aria-invalid', 'true');
    },
  },
  { name: 'ticket page, empty reply error', as: 'admin', open: withFieldError(ticketPage, { field: 'Reply', button: 'Send reply' }) },
  {
    name: 'ticket page, status confirmation',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByLabel('Priority').selectOption('high');
      await expect(page.getByRole('status').filter({ hasText: 'Priority set to High.' })).toBeVisible();
    },
  },
  {
    name: 'ticket page, a status chosen by keyboard waiting to be applied',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByLabel('Status').focus();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('status').filter({ hasText: 'Not applied yet' })).toBeVisible();
    },
  },
  {
    name: 'ticket page, More menu open',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByRole('button', { name: 'More' }).click();
      await expect(page.getByRole('menuitem', { name: 'Rotate links…' })).toBeFocused();
    },
  },
  {
    name: 'ticket page, Rotate links dialog',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByRole('button', { name: 'More' }).click();
      await page.getByRole('menuitem', { name: 'Rotate links…' }).click();
      await expect(page.getByRole('dialog', { name: 'Rotate links' })).toBeVisible();
    },
  },
  {
    name: 'ticket page, keyboard shortcuts dialog',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    },
  },
  {
    name: 'ticket page, whole history shown',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByRole('button', { name: /^Show all \d+ entries$/ }).click();
      await expect(page.getByRole('button', { name: 'Show the last 5 only' })).toHaveAttribute('aria-expanded', 'true');
    },
  },
  {
    name: 'ticket page at 390 px, details folded away',
    as: 'admin',
    open: async (page, f) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(ticketPage(f));
      await page.getByRole('button', { name: 'Hide details' }).click();
      await expect(page.getByLabel('Status')).toBeHidden();
    },
  },
  {
    name: 'ticket page, merge confirmation',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByRole('button', { name: 'Merge into…' }).click();
      await page.getByLabel('Ticket number or subject').fill(f.mergeTargetNumber);
      await page.getByRole('button', { name: 'Find tickets' }).click();
      await page.getByRole('list', { name: 'Tickets to merge into' }).getByRole('button').first().click();
      await expect(page.getByRole('form', { name: 'Confirm the merge' })).toBeVisible();
    },
  },
  {
    name: 'ticket page, split form open',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByRole('button', { name: /^Split…/ }).first().click();
      await expect(page.getByRole('form', { name: /^Split the reply by/ })).toBeVisible();
    },
  },
  { name: 'merged ticket page', as: 'admin', open: go((f) => `/tickets/${f.mergedTicketId}`) },
  { name: 'ticket not found', as: 'admin', open: go('/tickets/99999999') },
  { name: 'customers', as: 'admin', open: go('/customers') },
  { name: 'customer page', as: 'admin', open: go((f) => `/customers/${f.customerId}`) },
  { name: 'companies', as: 'admin', open: go('/companies') },
  { name: 'company page', as: 'admin', open: go((f) => `/companies/${f.companyId}`) },
  // Admin pages
  { name: 'settings', as: 'admin', open: go('/admin/settings') },
  { name: 'settings: tickets', as: 'admin', open: go('/admin/settings/tickets') },
  { name: 'settings: emails', as: 'admin', open: go('/admin/settings/emails') },
  { name: 'settings: inbound', as: 'admin', open: go('/admin/settings/inbound') },
  {
    name: 'settings with an error',
    as: 'admin',
    open: withFieldError('/admin/settings/tickets', { field: 'Ticket number prefix', value: 'has spaces', button: 'Save settings' }),
  },
  {
    name: 'ticket page, bad tag error',
    as: 'admin',
    open: withFieldError(ticketPage, { field: 'Add tag', value: 'two words', button: 'Add tag' }),
  },
  { name: 'settings: service levels', as: 'admin', open: go('/admin/settings/service-levels') },
  { name: 'ticket list, save view error', as: 'admin', open: withFieldError('/tickets', { field: 'View name', button: 'Save as view' }) },
  {
    name: 'settings: service levels with an error',
    as: 'admin',
    open: withFieldError('/admin/settings/service-levels', { field: 'Monday hours', value: '9 to 5', button: 'Save service levels' }),
  },
  {
    name: 'settings: tags',
    as: 'admin',
    open: async (page, f) => {
      await page.goto(ticketPage(f));
      await page.getByLabel('Add tag').fill(`a11y-${tag}`.toLowerCase());
      await page.getByRole('button', { name: 'Add tag', exact: true }).click();
      await expect(page.getByRole('button', { name: `Remove tag a11y-${tag}`.toLowerCase() })).toBeVisible();
      await page.goto('/admin/settings/tags');
      await page.getByRole('button', { name: `Delete tag a11y-${tag}`.toLowerCase() }).click();
      await expect(page.getByRole('button', { name: 'Yes, delete' })).toBeVisible();
    },
  },
  { name: 'agents', as: 'admin', open: go('/admin/agents') },
  { name: 'API tokens', as: 'admin', open: go('/admin/tokens') },
  { name: 'webhooks', as: 'admin', open: go('/admin/webhooks') },
  {
    name: 'webhooks, a URL refused',
    as: 'admin',
    open: withFieldError('/admin/webhooks', { field: 'URL', value: 'http://example.com/hook', button: 'Create webhook' }),
  },
  {
    name: 'webhooks, secret shown once, and the webhook’s delivery log',
    as: 'admin',
    open: async (page) => {
      await page.goto('/admin/webhooks');
      await page.getByLabel('URL').fill(`https://hooks.example.test/${tag}`);
      await page.getByRole('checkbox', { name: /ticket\.merged/ }).check();
      await page.getByRole('button', { name: 'Create webhook' }).click();
      await expect(page.getByRole('button', { name: 'Copy secret' })).toBeVisible();
      await page.getByRole('link', { name: `https://hooks.example.test/${tag}` }).first().click();
      await expect(page.getByRole('heading', { name: 'Deliveries' })).toBeVisible();
    },
  },
  { name: 'mailbox', as: 'admin', open: go('/admin/mailbox') },
  { name: 'inbound mail, needs attention (with its count in the navigation)', as: 'admin', open: go('/admin/inbound') },
  { name: 'inbound mail, all messages', as: 'admin', open: go('/admin/inbound?show=all') },
  {
    name: 'ticket page with a refused email',
    as: 'agent',
    open: async (page, f) => {
      await expect(async () => {
        await page.goto(`/tickets/${f.refusedTicketId}`);
        await expect(page.getByRole('region', { name: 'Refused email' })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 20_000 });
    },
  },
  { name: 'admin page refused to an agent', as: 'agent', open: go('/admin/settings') },
  {
    name: 'reports, every table open',
    as: 'agent',
    open: async (page) => {
      await page.goto('/reports');
      // Each chart's numbers sit in a disclosure named "Table: …".
      const summaries = page.getByText(/^Table: /);
      for (let i = 0; i < (await summaries.count()); i++) await summaries.nth(i).click();
      await expect(page.getByRole('table', { name: 'Tickets per day' })).toBeVisible();
    },
  },
  {
    name: 'reports, a range that ends before it starts',
    as: 'admin',
    open: async (page) => {
      await page.goto('/reports?from=2026-12-10&to=2026-12-01');
      await expect(page.getByLabel('From', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    },
  },
  {
    name: 'your account, setting up two-factor sign-in',
    as: 'agent',
    open: async (page) => {
      await page.goto('/account');
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
      await expect(page.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
    },
  },
  // Public pages
  { name: 'sign in', as: 'visitor', open: go('/login') },
  {
    name: 'sign in refused',
    as: 'visitor',
    open: async (page) => {
      await page.goto('/login');
      await page.getByLabel('Email').fill(admin.email);
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toBeVisible();
    },
  },
  { name: 'submit a ticket', as: 'visitor', open: go('/submit') },
  { name: 'submit a ticket with errors', as: 'visitor', open: withFieldError('/submit', { field: 'Email', button: 'Submit ticket' }) },
  // Personal link pages
  { name: 'personal page (customer)', as: 'visitor', open: go((f) => f.customerLink) },
  { name: 'personal page (participant)', as: 'visitor', open: go((f) => f.participantLink) },
  { name: 'rating page', as: 'visitor', open: go((f) => f.ratingLink) },
  {
    name: 'rating page, rating recorded',
    as: 'visitor',
    open: async (page, f) => {
      await page.goto(f.ratingLink);
      await page.getByRole('button', { name: /my rating/ }).click();
      await expect(page.getByRole('status').filter({ hasText: 'was recorded' })).toBeVisible();
    },
  },
  {
    name: 'personal page, add a person error',
    as: 'visitor',
    open: withFieldError((f) => f.customerLink, { field: 'Person to add', value: 'not an address', button: 'Add person' }),
  },
  {
    name: 'personal page, reply error',
    as: 'visitor',
    open: withFieldError((f) => f.participantLink, { field: 'Message', button: 'Send reply' }),
  },
  {
    name: 'personal page, leave confirmation',
    as: 'visitor',
    open: async (page, f) => {
      await page.goto(f.participantLink);
      await page.getByRole('button', { name: 'Leave this ticket' }).click();
      await expect(page.getByRole('button', { name: 'Yes, leave' })).toBeVisible();
    },
  },
  {
    name: 'personal page after leaving',
    as: 'visitor',
    open: async (page, f) => {
      await page.goto(f.leavingParticipantLink);
      await page.getByRole('button', { name: 'Leave this ticket' }).click();
      await page.getByRole('button', { name: 'Yes, leave' }).click();
      await expect(page).toHaveURL(/\/left$/);
    },
  },
  { name: 'refused link', as: 'visitor', open: go('/t/not-a-real-link') },
  {
    name: 'refused link, fresh link asked',
    as: 'visitor',
    open: async (page) => {
      await page.goto('/t/not-a-real-link');
      await page.getByLabel('Email').fill(`someone-${tag}@example.com`);
      await page.getByRole('button', { name: 'Email me a fresh link' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'If that address is on this ticket' })).toBeVisible();
    },
  },
];

async function newPageAs(browser: Browser, who: Who) {
  const storageState = who === 'admin' ? adminState : who === 'agent' ? plainAgentState : undefined;
  const context = await browser.newContext({ storageState, extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  return { context, page: await context.newPage() };
}

async function expectNoAxeViolations(page: Page) {
  // The only frames are sandboxed email previews (srcdoc, no scripts): an email's markup, not Parley's page, and axe
  // cannot run inside them (it waits for each frame until the test times out).
  // Next streams a page's metadata after its body: the title is there before the page is judged.
  await expect(page).toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).exclude('iframe').analyze();
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(report).toEqual([]);
}

test.describe('axe-core finds no WCAG A/AA violations', () => {
  for (const check of pageChecks) {
    test(check.name, async ({ browser }) => {
      const { context, page } = await newPageAs(browser, check.as);
      await check.open(page, fixture);
      await expectNoAxeViolations(page);
      await context.close();
    });
  }

  test('the built-in mailbox and one of its messages', async ({ browser }) => {
    // The second server keeps every email instead of sending it; it has its own database and sign-in.
    const context = await browser.newContext({ baseURL: mailboxAppUrl, extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
    const page = await context.newPage();
    await signIn(page);
    await page.goto('/tickets/new');
    await page.getByLabel('Customer email').fill(`mailbox-${tag}@example.com`);
    await page.getByLabel('Subject').fill(`Mailbox check ${tag}`);
    await page.getByLabel('Message').fill('Kept in the mailbox.');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Mailbox check ${tag}`);
    // The background thread delivers to the mailbox a moment after the ticket is saved.
    const message = page.getByRole('link', { name: new RegExp(`Mailbox check ${tag}`) }).first();
    await expect(async () => {
      await page.goto('/admin/mailbox');
      await expect(message).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expectNoAxeViolations(page);
    await message.click();
    await expect(page).toHaveURL(/\/admin\/mailbox\/\d+$/);
    await expectNoAxeViolations(page);
    await context.close();
  });
});

test.describe('keyboard users keep their place', () => {
  test('the skip link is the first Tab stop and moves focus to the main landmark', async ({ browser }) => {
    for (const [who, path] of [
      ['admin', '/tickets'],
      ['visitor', '/login'],
      ['visitor', '/submit'],
    ] as const) {
      const { context, page } = await newPageAs(browser, who);
      await page.goto(path);
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to main content' });
      await expect(skip).toBeFocused();
      await expect(skip).toBeVisible();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('main')).toBeFocused();
      await context.close();
    }
  });

  test('after Send, focus lands on the result; an empty reply focuses the field; status and assignee apply and keep focus', async ({ browser }) => {
    const { context, page } = await newPageAs(browser, 'admin');
    await page.goto(ticketPage(fixture));

    // An empty reply: focus on the field, its error tied to it and said once (no alert repeats it).
    await page.getByRole('button', { name: 'Send reply' }).focus();
    await page.keyboard.press('Enter');
    const reply = page.getByLabel('Reply');
    await expect(reply).toBeFocused();
    await expect(reply).toHaveAccessibleDescription('Write a reply.');
    await expect(page.getByText('Write a reply.')).toHaveCount(1);
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);

    await reply.fill(`Focus follows the reply ${tag}`);
    await page.getByRole('button', { name: 'Send reply' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('article').filter({ hasText: `Focus follows the reply ${tag}` })).toBeFocused();
    await expect(page.getByRole('status').filter({ hasText: /Reply sent to .+\./ })).toBeVisible();

    // A pick applies at once; focus stays on the field and the confirmation is announced.
    const status = page.getByLabel('Status');
    await status.focus();
    await status.selectOption('hold');
    await expect(page.getByRole('status').filter({ hasText: 'Status set to On hold.' })).toBeVisible();
    await expect(status).toBeFocused();
    const assignee = page.getByLabel('Assignee');
    await assignee.focus();
    await assignee.selectOption({ label: `${admin.name} (${admin.email})` });
    await expect(page.getByRole('status').filter({ hasText: `Assigned to ${admin.name}.` })).toBeVisible();
    await expect(assignee).toBeFocused();
    await context.close();
  });

  test('status and assignee by keyboard: the arrow keys browse without applying; Enter or leaving the field applies, Escape goes back', async ({ browser }) => {
    const { context, page } = await newPageAs(browser, 'admin');
    const api = adminApi(context.request, createAdminToken(`a11y select ${stamp}`));
    const ticket = await api.createTicket({ subject: `Keyboard select ${tag}`, message: 'Hi', customer: { email: `keys-${tag}@example.com` } });
    await page.goto(`/tickets/${ticket.id}`);
    const heading = page.getByRole('heading', { level: 1 });
    const status = page.getByLabel('Status');
    await expect(status).toHaveValue('new');
    await expect(status).toHaveAccessibleDescription(/press Enter or leave the field to apply/);

    // Browsing: the shown value moves, nothing is saved, and the page says so once.
    await status.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(status).toHaveValue('hold');
    await expect(page.getByRole('status').filter({ hasText: 'Not applied yet: press Enter or leave the field to apply, Escape to go back.' })).toBeVisible();
    await expect(heading).toContainText('New');
    // Escape goes back to the stored value.
    await page.keyboard.press('Escape');
    await expect(status).toHaveValue('new');
    await expect(page.getByRole('status').filter({ hasText: 'Not applied yet' })).toHaveCount(0);

    // Enter applies what is shown; focus stays.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Status set to Open.' })).toBeVisible();
    await expect(heading).toContainText('Open');
    await expect(status).toBeFocused();

    // Leaving the field (Tab) applies too.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('status').filter({ hasText: 'Status set to On hold.' })).toBeVisible();
    await expect(heading).toContainText('On hold');

    // The assignee works the same way.
    const assignee = page.getByLabel('Assignee');
    await assignee.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('status').filter({ hasText: 'Not applied yet' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: /^Assigned to / })).toBeVisible();
    await expect(page.getByRole('list', { name: 'History' })).toContainText('changed the status from open to hold');
    await page.reload();
    await expect(status).toHaveValue('hold');
    await expect(assignee).not.toHaveValue('');
    await context.close();
  });

  test('the More menu by keyboard: the menu button pattern, and Rotate links’ dialog keeps focus inside and returns it', async ({ browser }) => {
    const { context, page } = await newPageAs(browser, 'admin');
    // A ticket of its own: rotating the fixture's links would kill the personal links later tests open.
    const api = adminApi(context.request, createAdminToken(`a11y more ${stamp}`));
    const ticket = await api.createTicket({ subject: `More menu ${tag}`, message: 'Hi', customer: { email: `more-${tag}@example.com` } });
    await page.goto(`/tickets/${ticket.id}`);
    const more = page.getByRole('button', { name: 'More', exact: true });
    const rotate = page.getByRole('menuitem', { name: 'Rotate links…' });
    await expect(more).toHaveAttribute('aria-haspopup', 'menu');
    await expect(more).toHaveAttribute('aria-expanded', 'false');

    await more.focus();
    await page.keyboard.press('Enter');
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    await expect(rotate).toBeFocused();
    // Escape closes it onto the button.
    await page.keyboard.press('Escape');
    await expect(more).toHaveAttribute('aria-expanded', 'false');
    await expect(more).toBeFocused();
    await expect(page.getByRole('menu')).toBeHidden();
    // Up opens on the last item; Down wraps; a letter moves to its item.
    await page.keyboard.press('ArrowUp');
    await expect(page.getByRole('menuitem').last()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem').first()).toBeFocused();
    await page.keyboard.press('r');
    await expect(rotate).toBeFocused();

    // Choosing opens its confirmation with focus on Cancel (the safe choice); Escape closes it, focus back on More.
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Rotate links' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(more).toBeFocused();

    // Confirmed: the dialog closes and focus lands on the confirmation beside the menu.
    await page.keyboard.press('Enter');
    await expect(rotate).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(dialog.getByRole('button', { name: 'Yes, rotate links' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Links rotated.' })).toBeFocused();
    await context.close();
  });

  test('keyboard shortcuts: r replies, n writes a note, j opens the next ticket, ? lists them; never while typing; they can be turned off', async ({ browser }) => {
    const { context, page } = await newPageAs(browser, 'admin');
    const api = adminApi(context.request, createAdminToken(`a11y shortcuts ${stamp}`));
    const word = `shortcut${stamp}`;
    const older = await api.createTicket({ subject: `Older ${word}`, message: 'Hi', customer: { email: `older-${tag}@example.com` } });
    const newer = await api.createTicket({ subject: `Newer ${word}`, message: 'Hi', customer: { email: `newer-${tag}@example.com` } });
    await page.goto(`/tickets?q=${word}`);
    await page.getByRole('link', { name: `Newer ${word}` }).click();
    await expect(page).toHaveURL(new RegExp(`/tickets/${newer.id}\\?`));

    // ? opens the list of shortcuts; Escape closes it.
    await page.locator('body').press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help.getByRole('table', { name: 'Keyboard shortcuts of the ticket page' })).toContainText('Next ticket in the list you came from');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    // r: the reply box; typing there is typing (an "n" stays a letter).
    await page.locator('body').press('r');
    const reply = page.getByLabel('Reply', { exact: true });
    await expect(reply).toBeFocused();
    await page.keyboard.type('nj?');
    await expect(reply).toHaveValue('nj?');
    await expect(help).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/tickets/${newer.id}\\?`));
    await reply.fill('');

    // n: the same box as a private note.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
    await page.keyboard.press('n');
    await expect(page.getByLabel('Note', { exact: true })).toBeFocused();
    await expect(page.getByLabel('Private note')).toBeChecked();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
    await page.keyboard.press('r');
    await expect(page.getByLabel('Private note')).not.toBeChecked();

    // j: the next ticket of the list this one was opened from; at its end, said so.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
    await page.keyboard.press('j');
    await expect(page).toHaveURL(new RegExp(`/tickets/${older.id}\\?`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Older ${word}`);
    await page.locator('body').press('j');
    await expect(page.getByRole('status').filter({ hasText: 'This is the last ticket in the list.' })).toBeVisible();

    // Turned off (kept in this browser): no single-key shortcut fires; the button still opens the list.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await help.getByLabel('Use single-key shortcuts').uncheck();
    await help.getByRole('button', { name: 'Close' }).click();
    await page.reload();
    await page.locator('body').press('r');
    await expect(page.getByLabel('Reply', { exact: true })).not.toBeFocused();
    await page.locator('body').press('?');
    await expect(help).toBeHidden();
    await context.close();
  });

  test('Add participant: the customer picker works by keyboard, focus lands on the new row or the field in error', async ({ browser }) => {
    const { context, page } = await newPageAs(browser, 'admin');
    const api = adminApi(context.request, createAdminToken(`a11y picker ${stamp}`));
    const kim = await api.createCustomer({ email: `kim-${tag}@example.com`, name: `Kim Keyboard ${tag}` });
    await openParticipants(page, fixture);
    const input = page.getByLabel('Add participant');
    const add = page.getByRole('button', { name: 'Add', exact: true });

    // Empty: one sentence saying what to do, next to the field, and focus there.
    await add.focus();
    await page.keyboard.press('Enter');
    await expect(input).toBeFocused();
    await expect(input).toHaveAccessibleDescription(/Type an email address, or a name to pick a customer\.$/);
    await expect(page.getByText('Type an email address, or a name to pick a customer.')).toHaveCount(1);
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);

    // Not an address: a sentence using the label.
    await input.fill('not-an-address');
    await add.focus();
    await page.keyboard.press('Enter');
    await expect(input).toBeFocused();
    await expect(input).toHaveAccessibleDescription(/Add participant must be a valid email address\.$/);

    // The combobox pattern: arrows highlight (aria-activedescendant), Escape closes, Enter picks.
    await input.fill(`Kim Keyboard ${tag}`);
    const option = suggestions(page).filter({ hasText: kim.email });
    await expect(option).toBeVisible();
    await expect(input).toHaveAttribute('aria-expanded', 'true');
    await input.press('ArrowDown');
    await expect(option).toHaveAttribute('aria-selected', 'true');
    await expect(input).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
    await input.press('Escape');
    await expect(input).toHaveAttribute('aria-expanded', 'false');
    await expect(input).not.toHaveAttribute('aria-activedescendant');
    await input.press('ArrowDown');
    await input.press('Enter');
    await expect(input).toHaveValue(kim.email);
    // The picked customer is confirmed in the field's description (the earlier error stays until the next submit).
    await expect(input).toHaveAccessibleDescription(new RegExp(`^Customer: Kim Keyboard ${tag} <${kim.email}>`));
    await input.press('Tab');
    await expect(add).toBeFocused();
    await page.keyboard.press('Enter');
    const row = page.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: kim.email });
    await expect(row).toBeFocused();
    await context.close();
  });

  test('the personal page: Send reply focuses the new reply, or the field in error; a double submit sends once', async ({ browser }) => {
    const { context, page } = await newPageAs(browser, 'visitor');
    await page.goto(fixture.customerLink);
    // Its label says "Sending…" while the reply is on its way.
    const send = page.getByRole('button', { name: /^(Send reply|Sending…)$/ });

    await send.focus();
    await page.keyboard.press('Enter');
    const message = page.getByLabel('Message');
    await expect(message).toBeFocused();
    await expect(message).toHaveAccessibleDescription('Write a message.');

    // Slow the action down so the second press lands while the first is running.
    await page.route('**/t/**', async (route) => {
      if (route.request().method() === 'POST') await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const text = `Sent once ${tag}`;
    await message.fill(text);
    await send.focus();
    await page.keyboard.press('Enter');
    await expect(send).toHaveAttribute('aria-disabled', 'true');
    await expect(send).toBeFocused();
    // A second press while the first is on its way sends nothing more.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('article').filter({ hasText: text })).toBeFocused();
    await expect(page.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeVisible();
    await expect(send).not.toHaveAttribute('aria-disabled');
    await page.reload();
    await expect(page.getByRole('article').filter({ hasText: text })).toHaveCount(1);
    await context.close();
  });

  test('hints are tied to their fields, and the public pages describe themselves', async ({ browser }) => {
    const { context, page } = await newPageAs(browser, 'admin');
    await page.goto(ticketPage(fixture));
    await expect(page.getByLabel('Customer link')).toHaveAccessibleDescription('The customer’s personal link to this ticket; share it only with them.');
    await expect(page.getByLabel('Private note')).toHaveAccessibleDescription(/seen only by agents/);
    await page.goto('/admin/agents');
    await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/At least 10 characters/);
    await context.close();

    const visitor = await newPageAs(browser, 'visitor');
    for (const path of ['/login', '/submit']) {
      await visitor.page.goto(path);
      await expect(visitor.page.locator('meta[name="description"]')).toHaveAttribute('content', /\w{3,}.*\w{3,}/);
    }
    await visitor.context.close();
  });

  test('control borders and the highlighted suggestion reach 3:1 against their background', async ({ browser }) => {
    const { context, page } = await newPageAs(browser, 'admin');
    await openParticipants(page, fixture);
    const input = page.getByLabel('Add participant');
    await input.pressSequentially('Sam Suggested');
    await expect(suggestions(page).first()).toBeVisible();
    await input.press('ArrowDown');
    await expect(suggestions(page).first()).toHaveAttribute('aria-selected', 'true');
    const ratios = await page.evaluate(() => {
      // Any CSS colour (Tailwind v4 uses oklch) to sRGB through a canvas, then the WCAG contrast ratio.
      const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
      const rgb = (color: string) => {
        canvas.clearRect(0, 0, 1, 1);
        canvas.fillStyle = '#fff';
        canvas.fillRect(0, 0, 1, 1);
        canvas.fillStyle = color;
        canvas.fillRect(0, 0, 1, 1);
        return Array.from(canvas.getImageData(0, 0, 1, 1).data.slice(0, 3));
      };
      const luminance = (color: string) => {
        const [r, g, b] = rgb(color).map((v) => {
          const c = v / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a: string, b: string) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
      };
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      const option = style('[role="option"][aria-selected="true"]');
      return {
        textField: ratio(style('input[name="name"]').borderTopColor, '#fff'),
        select: ratio(style('select[name="status"]').borderTopColor, '#fff'),
        textArea: ratio(style('textarea[name="message"]').borderTopColor, '#fff'),
        highlightOutline: ratio(option.outlineColor, '#fff'),
        highlightOutlineWidth: parseFloat(option.outlineWidth),
      };
    });
    expect(ratios.textField).toBeGreaterThanOrEqual(3);
    expect(ratios.select).toBeGreaterThanOrEqual(3);
    expect(ratios.textArea).toBeGreaterThanOrEqual(3);
    expect(ratios.highlightOutline).toBeGreaterThanOrEqual(3);
    expect(ratios.highlightOutlineWidth).toBeGreaterThanOrEqual(2);
    await context.close();
  });
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';

// Issue 3 end to end: agents add participants, participants use their own links, and every way a link stops
// working (leaving, removal, rotation, participants switched off) is refused at once.

const stamp = Date.now();
const tag = `part${stamp}`;
const forwardedFor = '198.51.100.31';
let token: string;

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });

test.beforeAll(() => {
  token = createAdminToken(`participants portal ${stamp}`);
});

let counter = 0;
const unique = (label: string) => `${label}-${tag}-${++counter}`;

/** A ticket whose customer works at a company of its own, created through the API. */
async function newTicket(api: ReturnType<typeof adminApi>) {
  const company = unique('Acme');
  const ticket = await api.createTicket({
    subject: unique('Printer'),
    message: 'The printer on floor 2 is broken.',
    customer: { email: `${unique('carol')}@acme.test`, name: 'Carol Customer', company },
  });
  return { ticket, company };
}

/** A separate browser for someone outside the team, who has never signed in. */
async function outsider(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  return context.newPage();
}

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });

async function expectRefused(page: Page, url: string, reason: string | RegExp, { freshLinkOffered = true } = {}) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'This link cannot open the ticket' })).toBeVisible();
  await expect(page.getByText(reason)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send reply' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Email me a fresh link' })).toHaveCount(freshLinkOffered ? 1 : 0);
}

test('an agent enables participants and adds a guest and a customer; the guest replies and the agent sees the Participant badge', async ({
  page,
  browser,
  request,
}) => {
  const api = adminApi(request, token);
  const { ticket } = await newTicket(api);
  const known = await api.createCustomer({ email: `${unique('kim')}@other.test`, name: `Kim Known ${tag}` });
  const guestEmail = `${unique('gus')}@guests.test`;

  await signIn(page);
  await page.goto('/admin/settings/tickets');
  await page.getByLabel('Enable participants').check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('button', { name: 'View participants' }).click();
  await page.getByLabel('Add participant').fill(guestEmail);
  await page.getByLabel('Name', { exact: true }).fill('Gus Guest');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `${guestEmail} was added as a participant.` })).toBeVisible();

  // An existing customer, found by typing part of their name.
  await page.getByLabel('Add participant').fill(`Kim Known ${tag}`);
  await page.getByRole('option', { name: new RegExp(`Kim Known ${tag}`) }).click();
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `${known.email} was added as a participant.` })).toBeVisible();

  const guestLink = await page.getByLabel(`Link for ${guestEmail}`).inputValue();
  const participants = (await api.getTicket(ticket.id)).participants;
  expect(participants.map((p: { email: string; customerId: number | null }) => [p.email, p.customerId])).toEqual([
    [guestEmail, null],
    [known.email, known.id],
  ]);
  expect(participants[0].ticketUrl).toBe(guestLink);

  const guest = await outsider(browser);
  await guest.goto(guestLink);
  await expect(guest.getByText('You are viewing this ticket as Gus Guest (participant)')).toBeVisible();
  await expect(guest.getByRole('region', { name: 'People on this ticket' })).toContainText('Gus Guest (you)');
  await expect(guest.getByRole('region', { name: 'People on this ticket' })).toContainText(`Kim Known ${tag}`);
  await expect(guest.getByLabel('Email')).toHaveValue(guestEmail);
  await guest.getByLabel('Message').fill('I sit next to Carol: the paper tray is cracked.');
  await guest.getByRole('button', { name: 'Send reply' }).click();
  await expect(guest.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeVisible();
  const guestReply = conversation(guest).getByRole('article', { name: 'Reply by Gus Guest' });
  await expect(guestReply).toContainText('the paper tray is cracked');
  await expect(guestReply.getByText('Participant', { exact: true })).toBeVisible();

  await page.reload();
  const seenByAgent = page.getByRole('article').filter({ hasText: 'the paper tray is cracked' });
  await expect(seenByAgent).toContainText('Gus Guest');
  await expect(seenByAgent.getByText('Participant', { exact: true })).toBeVisible();

  // The customer sees the badge too.
  const customer = await outsider(browser);
  await customer.goto(ticket.customer.ticketUrl);
  await expect(conversation(customer).getByRole('article', { name: 'Reply by Gus Guest' }).getByText('Participant', { exact: true })).toBeVisible();

  expect((await api.getTicket(ticket.id)).replies.at(-1).author).toEqual({ kind: 'participant', email: guestEmail, name: 'Gus Guest' });
});

test('the reply form refuses a stranger next to the Email field and stores nothing, and accepts a colleague of the customer', async ({ page, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const { ticket, company } = await newTicket(api);
  const colleague = await api.createCustomer({ email: `${unique('dave')}@acme.test`, name: 'Dave Colleague', company });
  const guest = await api.addParticipant(ticket.id, { email: `${unique('gus')}@guests.test`, name: 'Gus Guest' });

  await page.goto(guest.ticketUrl);
  await page.getByLabel('Email').fill(`stranger-${tag}@nowhere.test`);
  await page.getByLabel('Message').fill('Let me in');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription(/^This email address is not allowed to reply to this ticket\./);
  // What was typed stays, so the person can correct the address.
  await expect(page.getByLabel('Message')).toHaveValue('Let me in');
  expect((await api.getTicket(ticket.id)).replies).toHaveLength(1);
  await expect(conversation(page).getByText('Let me in')).toHaveCount(0);

  await page.getByLabel('Email').fill(`  ${colleague.email.toUpperCase()} `);
  await page.getByLabel('Message').fill('Dave here, same company as Carol.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeVisible();
  const daveReply = conversation(page).getByRole('article', { name: 'Reply by Dave Colleague' });
  await expect(daveReply).toContainText('same company as Carol');
  await expect(daveReply.getByText('Customer', { exact: true })).toBeVisible();
  expect((await api.getTicket(ticket.id)).replies.at(-1).author).toEqual({ kind: 'customer', email: colleague.email, name: 'Dave Colleague' });
});

test('a participant leaves the ticket, and their link is refused afterwards', async ({ page, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const { ticket } = await newTicket(api);
  const guest = await api.addParticipant(ticket.id, { email: `${unique('lea')}@guests.test`, name: 'Lea Leaving' });

  await page.goto(guest.ticketUrl);
  await page.getByRole('button', { name: 'Leave this ticket' }).click();
  // One more, explicit step; cancelling keeps everything as it was.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Leave this ticket' }).click();
  await page.getByRole('button', { name: 'Yes, leave' }).click();
  await expect(page.getByRole('heading', { name: 'You have left this ticket' })).toBeVisible();

  expect((await api.getTicket(ticket.id)).participants).toEqual([]);
  await expectRefused(page, guest.ticketUrl, 'This link is not valid or no longer works.');

  // The customer cannot leave their own ticket.
  await page.goto(ticket.customer.ticketUrl);
  await expect(page.getByText('You are viewing this ticket as Carol Customer (customer)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Leave this ticket' })).toHaveCount(0);
});

test('a participant removed by an agent is refused at once', async ({ page, browser, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const { ticket } = await newTicket(api);
  const guest = await api.addParticipant(ticket.id, { email: `${unique('rex')}@guests.test`, name: 'Rex Removed' });
  // Two tabs on the guest's link: one keeps polling for changes, the other's polls are cut off so that only its next
  // action can find out (a race between the two would make either check prove nothing).
  const watchingPage = await outsider(browser);
  const offlinePage = await outsider(browser);
  await offlinePage.route('**/api/live/link', (route) => route.abort());
  for (const guestPage of [watchingPage, offlinePage]) {
    await guestPage.goto(guest.ticketUrl);
    await expect(guestPage.getByText('You are viewing this ticket as Rex Removed (participant)')).toBeVisible();
  }

  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('button', { name: 'View participants' }).click();
  await page.getByRole('button', { name: `Remove ${guest.email}` }).click();
  await page.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('button', { name: `Remove ${guest.email}` })).toHaveCount(0);

  // The open page notices by itself and shows why, without a click or a reload.
  await expect(watchingPage.getByText('This link is not valid or no longer works.')).toBeVisible();
  await expect(watchingPage.getByLabel('Message')).toHaveCount(0);

  // A page that has not noticed refuses the next action.
  await offlinePage.getByLabel('Message').fill('Am I still here?');
  await offlinePage.getByRole('button', { name: 'Send reply' }).click();
  await expect(offlinePage.getByRole('alert').filter({ hasText: 'This link no longer works.' })).toBeVisible();
  await expectRefused(offlinePage, guest.ticketUrl, 'This link is not valid or no longer works.');
  expect((await api.getTicket(ticket.id)).replies).toHaveLength(1);
});

test('after an admin rotates a ticket’s links, the old ones are refused and the new ones work', async ({ page, browser, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const { ticket } = await newTicket(api);
  const guest = await api.addParticipant(ticket.id, { email: `${unique('rot')}@guests.test`, name: 'Rita Rotated' });

  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Rotate links…' }).click();
  await page.getByRole('dialog', { name: 'Rotate links' }).getByRole('button', { name: 'Yes, rotate links' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Links rotated.' })).toBeVisible();

  const visitor = await outsider(browser);
  await expectRefused(visitor, guest.ticketUrl, 'This link is not valid or no longer works.');
  await expectRefused(visitor, ticket.customer.ticketUrl, 'This link is not valid or no longer works.');

  const rotated = await api.getTicket(ticket.id);
  expect(rotated.customer.ticketUrl).not.toBe(ticket.customer.ticketUrl);
  await visitor.goto(rotated.participants[0].ticketUrl);
  await expect(visitor.getByText('You are viewing this ticket as Rita Rotated (participant)')).toBeVisible();
  await visitor.goto(rotated.customer.ticketUrl);
  await expect(visitor.getByText('You are viewing this ticket as Carol Customer (customer)')).toBeVisible();
});

test('with participants disabled, the participant’s link and address are refused; enabling again restores them', async ({ page, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const { ticket } = await newTicket(api);
  const guest = await api.addParticipant(ticket.id, { email: `${unique('dis')}@guests.test`, name: 'Dina Disabled' });

  await api.updateSettings({ participantsEnabled: false });
  try {
    // The same neutral page; no fresh link could open the ticket while participants are off, so none is offered.
    await expectRefused(page, guest.ticketUrl, 'This link is not valid or no longer works.', { freshLinkOffered: false });

    // Through the customer's link, the participant's address no longer passes the reply rule.
    await page.goto(ticket.customer.ticketUrl);
    await expect(page.getByRole('region', { name: 'People on this ticket' })).toHaveCount(0);
    await page.getByLabel('Email').fill(guest.email);
    await page.getByLabel('Message').fill('Dina again');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByLabel('Email')).toHaveAccessibleDescription(/^This email address is not allowed to reply to this ticket\./);
    expect((await api.getTicket(ticket.id)).replies).toHaveLength(1);
  } finally {
    await api.updateSettings({ participantsEnabled: true });
  }
  await page.goto(guest.ticketUrl);
  await expect(page.getByText('You are viewing this ticket as Dina Disabled (participant)')).toBeVisible();
});

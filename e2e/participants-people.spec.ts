import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { deliverThroughResend } from './support/inbound-mail';
import { waitForEmail } from './support/mail';

// Issue 18 end to end: a customer brings in a colleague through their own link, and the people a customer Cc's are
// reconciled — listed as "Cc'd, not on this ticket" for an agent to add in one click, and never auto-added when they
// look like a mailing list.

const stamp = Date.now();
let counter = 0;
const unique = (label: string) => `${label}-${stamp}-${++counter}`;
let token: string;

test.beforeAll(() => {
  token = createAdminToken(`people e2e ${stamp}`);
});
// The other specs expect the defaults back.
test.afterAll(async ({ request }) => {
  await adminApi(request, token).updateSettings({ participantsMayAddPeople: false, autoAddParticipants: false });
});

async function outsider(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });

test('a customer adds a colleague on their personal page; the colleague replies through their own link', async ({ browser, page, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true, participantsMayAddPeople: true });
  const ticket = await api.createTicket({
    subject: unique('Quote'),
    message: 'Please send the quote for 12 chairs.',
    customer: { email: `${unique('pat')}@acme.test`, name: 'Pat Lee' },
  });
  const colleague = `${unique('dan')}@acme.test`;

  const customer = await outsider(browser);
  await customer.goto(ticket.customer.ticketUrl);
  const people = customer.getByRole('region', { name: 'People on this ticket' });
  await expect(people).toContainText('Pat Lee (you)');
  await people.getByLabel('Person to add').fill(colleague);
  await people.getByLabel('Their name').fill('Dan Ortiz');
  await people.getByRole('button', { name: 'Add person' }).click();
  await expect(customer.getByRole('status').filter({ hasText: 'Dan Ortiz was added and emailed their own link.' })).toBeVisible();
  await expect(people.getByRole('listitem').filter({ hasText: 'Dan Ortiz' })).toContainText('added by Pat Lee (customer)');
  // They may take back whom they added (a confirmation first).
  await expect(people.getByRole('button', { name: 'Remove Dan Ortiz' })).toBeVisible();

  // The colleague's own link comes by email; it says who added them and quotes the request.
  const added = await waitForEmail(request, colleague, `[${ticket.number}] You were added to`);
  expect(added.body.text).toContain('Pat Lee (customer) added you as a participant');
  expect(added.body.text).toContain('> Please send the quote for 12 chairs.');
  const link = /Open the ticket: (\S+)/.exec(String(added.body.text))![1];

  const dan = await outsider(browser);
  await dan.goto(link);
  await expect(dan.getByText('You are viewing this ticket as Dan Ortiz (participant)')).toBeVisible();
  await expect(dan.getByRole('region', { name: 'People on this ticket' })).toContainText('Pat Lee');
  await expect(dan.getByLabel('Email')).toHaveValue(colleague);
  await dan.getByLabel('Message').fill('I am Pat’s colleague: 12 chairs, grey.');
  await dan.getByRole('button', { name: 'Send reply' }).click();
  await expect(conversation(dan).getByRole('article', { name: 'Reply by Dan Ortiz' })).toContainText('12 chairs, grey.');

  // The agent sees Dan's reply as a participant's, and who added him.
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const reply = conversation(page).getByRole('article').filter({ hasText: '12 chairs, grey.' });
  await expect(reply.getByText('Participant', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'View participants' }).click();
  await expect(page.getByRole('list', { name: 'Participants' }).getByRole('listitem').filter({ hasText: colleague })).toContainText('Added by Pat Lee (customer) on');
  const participants = (await api.getTicket(ticket.id)).participants as { email: string; addedBy: { kind: string; name: string } }[];
  expect(participants.find((p) => p.email === colleague)?.addedBy).toMatchObject({ kind: 'customer', name: 'Pat Lee' });
});

test.describe('Cc’d people', () => {
  async function ticketAndReplyAddress(request: Parameters<typeof adminApi>[0]) {
    const api = adminApi(request, token);
    const ticket = await api.createTicket({
      subject: unique('Invoices'),
      message: 'The VAT number is missing.',
      customer: { email: `${unique('carol')}@acme.test`, name: 'Carol Chen' },
    });
    const received = await waitForEmail(request, ticket.customer.email, 'We received your request');
    return { api, ticket, replyTo: String([received.body.reply_to].flat()[0]) };
  }

  test('with auto-add off, a Cc’d colleague shows as “Cc’d, not on this ticket” and is added in one click', async ({ page, request }) => {
    const { api, ticket, replyTo } = await ticketAndReplyAddress(request);
    await api.updateSettings({ participantsEnabled: true, autoAddParticipants: false });
    const dave = `${unique('dave')}@acme.test`;
    const { response } = await deliverThroughResend(request, {
      from: `Carol Chen <${ticket.customer.email}>`,
      to: replyTo,
      cc: `Dave Ortiz <${dave}>`,
      subject: `Re: [${ticket.number}] ${ticket.subject}`,
      body: 'Adding Dave, who handles our invoices.',
    });
    expect(response.status()).toBe(200);

    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    await expect(conversation(page)).toContainText('Adding Dave, who handles our invoices.', { timeout: 15_000 });
    const listed = page.getByRole('region', { name: 'Cc’d, not on this ticket' });
    await expect(listed).toContainText('Dave Ortiz');
    await expect(listed).toContainText(`Cc’d by Carol Chen`);
    await listed.getByRole('button', { name: `Add ${dave}` }).click();
    // One click: the list empties and Dave is a participant.
    await expect(page.getByRole('region', { name: 'Cc’d, not on this ticket' })).toHaveCount(0);
    await page.getByRole('button', { name: 'View participants' }).click();
    await expect(page.getByRole('list', { name: 'Participants' })).toContainText(dave);
    expect(((await api.getTicket(ticket.id)).participants as { email: string }[]).map((p) => p.email)).toEqual([dave]);
    await waitForEmail(request, dave, `[${ticket.number}] You were added to`);
    await expect(page.getByRole('list', { name: 'History' })).toContainText(`added ${dave}, Cc’d by ${ticket.customer.email}`);
  });

  test('with auto-add on, a mailing-list-looking Cc is not added; a person Cc’d along is', async ({ page, request }) => {
    const { api, ticket, replyTo } = await ticketAndReplyAddress(request);
    await api.updateSettings({ participantsEnabled: true, autoAddParticipants: true, participantsMayAddPeople: true });
    const list = `all-staff-list@${unique('lists')}.test`;
    const erin = `${unique('erin')}@acme.test`;
    try {
      const { response } = await deliverThroughResend(request, {
        from: `Carol Chen <${ticket.customer.email}>`,
        to: replyTo,
        cc: `All staff <${list}>, Erin <${erin}>`,
        subject: `Re: [${ticket.number}] ${ticket.subject}`,
        body: 'Copying Erin and the staff list.',
      });
      expect(response.status()).toBe(200);
      await expect
        .poll(async () => ((await api.getTicket(ticket.id)).participants as { email: string }[]).map((p) => p.email), { timeout: 15_000 })
        .toEqual([erin]);

      await signIn(page);
      await page.goto(`/tickets/${ticket.id}`);
      const listed = page.getByRole('region', { name: 'Cc’d, not on this ticket' });
      await expect(listed).toContainText(list);
      await expect(listed).toContainText('looks like a mailing list or an automatic sender');
      const candidates = (await request.get(`/api/v1/tickets/${ticket.id}/cc-candidates`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as {
        ccCandidates: { email: string; reason: string; ccBy: { email: string } }[];
      };
      expect(candidates.ccCandidates.map((c) => [c.email, c.reason, c.ccBy.email])).toEqual([[list, 'list-or-robot', ticket.customer.email]]);
    } finally {
      await api.updateSettings({ autoAddParticipants: false, participantsMayAddPeople: false });
    }
  });
});

import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { admin, appUrl, mailboxAppUrl } from './support/env';
import { capturedEmails, emailsTo, failuresLeft, linkIn, setOutage, waitForEmail, type CapturedEmail } from './support/mail';

// Issue 4 end to end: the main app sends through the real resend SDK to the capture server (RESEND_BASE_URL);
// the second app has no key and keeps mail in its local mailbox.

const stamp = Date.now();
const tag = `mail${stamp}`;
const forwardedFor = '198.51.100.50';
let token: string;

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });

test.beforeAll(() => {
  token = createAdminToken(`email ${stamp}`);
});

let counter = 0;
const unique = (label: string) => `${label}-${tag}-${++counter}`;
const address = (label: string) => `${unique(label)}@mail.test`;

/** A ticket with a customer and two participants, participants copied on updates. */
async function ticketWithParticipants(request: APIRequestContext) {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true, copyParticipants: true });
  const customer = { email: address('carol'), name: 'Carol Customer' };
  const ticket = await api.createTicket({ subject: unique('Router'), message: 'The router blinks red.', customer });
  const pat = await api.addParticipant(ticket.id, { email: address('pat'), name: 'Pat Participant' });
  const quinn = await api.addParticipant(ticket.id, { email: address('quinn'), name: 'Quinn Participant' });
  return { api, ticket, customer, pat, quinn };
}

async function outsider(browser: Browser, baseURL = appUrl): Promise<Page> {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  return context.newPage();
}

const replySubject = (ticket: { number: string; subject: string }) => `[${ticket.number}] Re: ${ticket.subject}`;

function expectThreadingHeaders(email: CapturedEmail, ticketId: number) {
  const headers = email.body.headers;
  // Parley's ids carry a MAC, so nobody can reference a ticket by guessing its number.
  expect(headers['Message-ID']).toMatch(new RegExp(`^<outbox-\\d+\\.${ticketId}\\.[0-9a-f]{20}@localhost>$`));
  expect(headers['In-Reply-To']).toMatch(new RegExp(`^<ticket-${ticketId}\\.[0-9a-f]{20}@localhost>$`));
  expect(headers.References).toBe(headers['In-Reply-To']);
  expect(headers['Auto-Submitted']).toBe('auto-generated');
  expect(email.body.from).toBe('Parley <support@localhost>');
  const replyTo = String(email.body.reply_to);
  expect(replyTo).toMatch(/^reply\+[0-9a-z-]+@inbound\.parley\.test$/);
  expect(replyTo.split('@')[0].length).toBeLessThanOrEqual(64);
  expect(email.idempotencyKey).toBeTruthy();
}

function expectOneClickUnsubscribe(email: CapturedEmail): string {
  const headers = email.body.headers;
  expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  const match = /^<(.+)>$/.exec(headers['List-Unsubscribe']);
  expect(match?.[1]).toMatch(new RegExp(`^${appUrl.replace(/[.]/g, '\\.')}/unsubscribe/[0-9a-z-]+$`));
  return match![1];
}

test('a participant’s web reply reaches the customer, the other participants and the agents — not its author — each with their own link', async ({
  browser,
  request,
}) => {
  const { ticket, customer, pat, quinn } = await ticketWithParticipants(request);
  const added = await waitForEmail(request, pat.email, `[${ticket.number}] You were added to`);
  expect(linkIn(added, `${appUrl}/t/`)).toBe(pat.ticketUrl);

  const patPage = await outsider(browser);
  await patPage.goto(pat.ticketUrl);
  const text = `Still blinking red, says Pat ${tag}`;
  await patPage.getByLabel('Message').fill(text);
  await patPage.getByRole('button', { name: 'Send reply' }).click();
  await expect(patPage.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeVisible();

  const toCustomer = await waitForEmail(request, customer.email, replySubject(ticket));
  const toQuinn = await waitForEmail(request, quinn.email, replySubject(ticket));
  const toAgent = await waitForEmail(request, admin.email, `[${ticket.number}] New reply from Pat Participant`);
  expect((await emailsTo(request, pat.email)).filter((m) => m.body.text.includes(text))).toEqual([]);

  for (const [email, to] of [[toCustomer, customer.email], [toQuinn, quinn.email], [toAgent, admin.email]] as const) {
    // One recipient per message: nobody sees another recipient's address.
    expect(email.body.to).toBe(to);
    expect(email.body.cc ?? null).toBeNull();
    expect(email.body.bcc ?? null).toBeNull();
    expect(email.body.text).toContain(text);
    expect(email.body.html).toContain('Still blinking red');
    expectThreadingHeaders(email, ticket.id);
  }
  const messageIds = [toCustomer, toQuinn, toAgent].map((m) => m.body.headers['Message-ID']);
  expect(new Set(messageIds).size).toBe(3);
  expect(toCustomer.body.reply_to).not.toBe(toQuinn.body.reply_to);
  expectOneClickUnsubscribe(toCustomer);
  expectOneClickUnsubscribe(toQuinn);
  expect(toAgent.body.headers['List-Unsubscribe']).toBeUndefined();
  expect(linkIn(toAgent, appUrl)).toBe(`${appUrl}/tickets/${ticket.id}`);

  // Each link is the recipient's own, and it works.
  const customerLink = linkIn(toCustomer, `${appUrl}/t/`);
  const quinnLink = linkIn(toQuinn, `${appUrl}/t/`);
  expect(customerLink).toBe(ticket.customer.ticketUrl);
  expect(quinnLink).toBe(quinn.ticketUrl);
  for (const [link, who] of [[customerLink, 'Carol Customer (customer)'], [quinnLink, 'Quinn Participant (participant)']]) {
    const page = await outsider(browser);
    await page.goto(link);
    await expect(page.getByText(`You are viewing this ticket as ${who}`)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Conversation' })).toContainText(text);
    await page.context().close();
  }
});

test('one-click unsubscribe stops one person’s emails about one ticket, and their ticket page turns them back on', async ({ browser, request }) => {
  const { api, ticket, customer, pat, quinn } = await ticketWithParticipants(request);
  const added = await waitForEmail(request, quinn.email, `[${ticket.number}] You were added to`);

  // RFC 8058: the mail provider POSTs to the List-Unsubscribe URL.
  const oneClick = await request.post(expectOneClickUnsubscribe(added), { form: { 'List-Unsubscribe': 'One-Click' } });
  expect(oneClick.status()).toBe(200);

  const first = `First agent reply ${tag}`;
  await api.reply(ticket.id, first);
  await waitForEmail(request, customer.email, replySubject(ticket));
  await waitForEmail(request, pat.email, replySubject(ticket));
  expect((await emailsTo(request, quinn.email)).filter((m) => m.body.text.includes(first))).toEqual([]);

  // Access is unchanged, and the ticket page shows the switch off; turning it on brings the emails back.
  const quinnPage = await outsider(browser);
  await quinnPage.goto(quinn.ticketUrl);
  const toggle = quinnPage.getByLabel('Notify me about this ticket');
  await expect(toggle).not.toBeChecked();
  await toggle.check();
  await expect(quinnPage.getByRole('status').filter({ hasText: 'You will get emails about this ticket.' })).toBeVisible();
  await quinnPage.reload();
  await expect(quinnPage.getByLabel('Notify me about this ticket')).toBeChecked();

  const second = `Second agent reply ${tag}`;
  await api.reply(ticket.id, second);
  await expect.poll(async () => (await emailsTo(request, quinn.email)).filter((m) => m.body.text.includes(second)).length, { timeout: 20_000 }).toBe(1);

  // A person who opens the unsubscribe link in a browser confirms with a button.
  const receipt = await waitForEmail(request, customer.email, `[${ticket.number}] We received your request`);
  const carolPage = await outsider(browser);
  await carolPage.goto(expectOneClickUnsubscribe(receipt));
  await expect(carolPage.getByRole('heading', { name: `Stop emails about ticket ${ticket.number}?` })).toBeVisible();
  await carolPage.getByRole('button', { name: 'Stop emails about this ticket' }).click();
  await expect(carolPage.getByRole('heading', { name: `You will no longer get emails about ticket ${ticket.number}` })).toBeVisible();
  await carolPage.goto(ticket.customer.ticketUrl);
  await expect(carolPage.getByLabel('Notify me about this ticket')).not.toBeChecked();

  const tampered = await request.post(`${appUrl}/unsubscribe/${ticket.id}-c1-00000000000000000000`);
  expect(tampered.status()).toBe(404);
});

test('private notes reach no one outside the team', async ({ request }) => {
  const { api, ticket, customer, pat, quinn } = await ticketWithParticipants(request);
  const secret = `Internal: this customer is on the legacy plan ${tag}`;
  await api.reply(ticket.id, secret, true);
  // A public reply after the note: once its emails are in, the note's would have been too.
  await api.reply(ticket.id, `Public answer ${tag}`);
  for (const to of [customer.email, pat.email, quinn.email]) await waitForEmail(request, to, replySubject(ticket));
  const leaked = (await capturedEmails(request)).filter((m) => m.body.text.includes(secret) || m.body.html.includes(secret));
  expect(leaked).toEqual([]);
});

test('an outage ends with every notification delivered exactly once', async ({ request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true, copyParticipants: true });
  const customer = { email: address('olga'), name: 'Olga Outage' };
  const guest = address('gail');

  // Resend is down for the customer's receipt: three 500s, then it recovers.
  await setOutage(request, { failures: 3, to: customer.email });
  const ticket = await api.createTicket({ subject: unique('Outage'), message: 'Is anyone there?', customer });
  const receipt = await waitForEmail(request, customer.email, `[${ticket.number}] We received your request`);
  expect(await failuresLeft(request)).toBe(0);
  expect(linkIn(receipt, `${appUrl}/t/`)).toBe(ticket.customer.ticketUrl);

  // Resend accepts the message but the answer is lost twice: the retries carry the same idempotency key.
  await setOutage(request, { failures: 2, loseResponse: true, to: guest });
  await api.addParticipant(ticket.id, { email: guest, name: 'Gail Guest' });
  await expect.poll(() => failuresLeft(request), { timeout: 20_000 }).toBe(0);
  await expect.poll(async () => (await waitForEmail(request, guest, `[${ticket.number}] You were added to`)).attempts, { timeout: 20_000 }).toBe(3);

  // A general outage while a reply goes out to both.
  await setOutage(request, { failures: 4 });
  await api.reply(ticket.id, `We are here ${tag}`);
  await waitForEmail(request, customer.email, replySubject(ticket));
  await waitForEmail(request, guest, replySubject(ticket));
  await expect.poll(() => failuresLeft(request), { timeout: 20_000 }).toBe(0);

  const mine = (await capturedEmails(request)).filter((m) => [customer.email, guest].includes(String(m.body.to)));
  expect(mine.map((m) => m.body.subject).sort()).toEqual(
    [
      `[${ticket.number}] We received your request: ${ticket.subject}`,
      `[${ticket.number}] You were added to: ${ticket.subject}`,
      replySubject(ticket),
      replySubject(ticket),
    ].sort(),
  );
  const keys = mine.map((m) => m.idempotencyKey);
  expect(new Set(keys).size).toBe(keys.length);
});

test('admins see a refused email under Settings → Emails → Delivery and send it again with Retry', async ({ page, request }) => {
  const { api, ticket } = await ticketWithParticipants(request);
  const rita = address('rita');
  await setOutage(request, { failures: 1, status: 422, to: rita });
  await api.addParticipant(ticket.id, { email: rita, name: 'Rita Refused' });
  await expect.poll(() => failuresLeft(request), { timeout: 20_000 }).toBe(0);

  await signIn(page);
  await page.goto('/admin/settings/emails');
  const delivery = page.getByRole('table', { name: 'Failed emails' });
  const row = delivery.getByRole('row').filter({ hasText: rita });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText('Resend 422 validation_error: Simulated rejection');
  await expect(row).toContainText('Added as participant');
  await expect(row.getByRole('link', { name: ticket.number })).toBeVisible();

  await row.getByRole('button', { name: `Retry email to ${rita}` }).click();
  await waitForEmail(request, rita, `[${ticket.number}] You were added to`);
  await page.reload();
  await expect(page.getByRole('row').filter({ hasText: rita })).toHaveCount(0);
});

test('admins edit a template with tags: unknown tags are refused by name, Preview renders, new emails use the text', async ({ page, request }) => {
  const { ticket, customer } = await ticketWithParticipants(request);
  await signIn(page);
  await page.goto('/admin/settings/emails');
  await page.getByLabel('Template').selectOption({ label: 'Ticket closed' });
  await expect(page.getByText('Sent to: The customer and, when “Copy participants” is on, the participants')).toBeVisible();

  await page.getByLabel('Subject').fill('Closed {ticket_id} for {customer_name}');
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByLabel('Subject')).toHaveAccessibleDescription(/^Unknown tag \{customer_name\}/);

  await page.getByLabel('Subject').fill('All done: {ticket_title} ({ticket_id})');
  await page.getByLabel('Body').fill('Dear {name},\n\n{ticket_id} is {ticket_status} as of {date}. <b>Thanks</b> from {sitename}.\n\n{ticket_url}');
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.frameLocator('iframe[title="Email preview"]');
  await expect(preview.getByText('Dear Alex Example,')).toBeVisible();
  await expect(preview.getByText(/PAR-1042 is Open as of .* <b>Thanks<\/b> from /)).toBeVisible();
  await expect(page.getByText('Subject: All done: Invoices are missing the VAT number (PAR-1042)')).toBeVisible();

  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Template saved.' })).toBeVisible();

  try {
    const closed = await request.patch(`/api/v1/tickets/${ticket.id}`, { headers: { Authorization: `Bearer ${token}` }, data: { status: 'closed' } });
    expect(closed.ok()).toBe(true);
    const email = await waitForEmail(request, customer.email, `All done: ${ticket.subject} (${ticket.number})`);
    expect(email.body.text).toContain(`Dear Carol Customer,\n\n${ticket.number} is Closed as of`);
    expect(email.body.html).toContain('&lt;b&gt;Thanks&lt;/b&gt;');
    expect(linkIn(email, `${appUrl}/t/`)).toBe(ticket.customer.ticketUrl);
  } finally {
    // Later tests expect the built-in text.
    await page.getByRole('button', { name: 'Reset to built-in text' }).click();
    await expect(page.getByLabel('Subject')).toHaveValue('[{ticket_id}] Closed: {ticket_title}');
  }
});

test('without a Resend key, mail lands in the local mailbox that admins read, with a working link', async ({ browser }) => {
  const guest = await outsider(browser, mailboxAppUrl);
  const email = address('mina');
  const subject = unique('Mailbox');
  await guest.goto('/submit');
  await guest.getByLabel('Name').fill('Mina Mailbox');
  await guest.getByLabel('Email').fill(email);
  await guest.getByLabel('Subject').fill(subject);
  await guest.getByLabel('Message').fill('Does the local mailbox work?');
  await guest.getByRole('button', { name: 'Submit ticket' }).click();
  const confirmation = guest.getByRole('status').filter({ hasText: 'Your ticket number is' });
  await expect(confirmation).toBeVisible();
  const number = (await confirmation.getByRole('heading').textContent())!.replace('Your ticket number is ', '').trim();

  const adminPage = await outsider(browser, mailboxAppUrl);
  await signIn(adminPage);
  await adminPage.getByRole('link', { name: 'Mailbox', exact: true }).click();
  await expect(adminPage.getByRole('heading', { name: 'Mailbox' })).toBeVisible();
  const receiptSubject = `[${number}] We received your request: ${subject}`;
  const row = adminPage.getByRole('row').filter({ hasText: email });
  await expect(async () => {
    await adminPage.reload();
    await expect(row.getByRole('link', { name: receiptSubject })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await row.getByRole('link', { name: receiptSubject }).click();

  await expect(adminPage.getByRole('heading', { name: receiptSubject })).toBeVisible();
  await expect(adminPage.getByText('Auto-Submitted')).toBeVisible();
  await expect(adminPage.frameLocator('iframe[title="HTML version"]').getByText('Hello Mina Mailbox,')).toBeVisible();
  const textVersion = adminPage.getByRole('region', { name: 'Text version' });
  const link = textVersion.getByRole('link', { name: new RegExp(`^${mailboxAppUrl.replace(/[.]/g, '\\.')}/t/`) });
  const href = (await link.first().getAttribute('href'))!;

  await guest.goto(href);
  await expect(guest.getByText('You are viewing this ticket as Mina Mailbox (customer)')).toBeVisible();
  await expect(guest.getByRole('region', { name: 'Conversation' })).toContainText('Does the local mailbox work?');
});

import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { appUrl, captureUrl, inboundWebhookSecret } from './support/env';
import { emailsTo, linkIn, waitForEmail } from './support/mail';

// Issue 19 end to end: merging a customer's and their colleague's tickets keeps everyone's links and email threads
// (and keeps removed people out); splitting a reply off gives the new ticket's people fresh links, and neither side
// sees the other's conversation.

const stamp = Date.now();
const tag = `merge${stamp}`;
const forwardedFor = '198.51.100.19';
let token: string;
let counter = 0;
const unique = (label: string) => `${label}-${tag}-${++counter}`;

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
test.beforeAll(() => {
  token = createAdminToken(`merge ${stamp}`);
});

/** Someone outside the team, in a browser of their own. */
async function outsider(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  return context.newPage();
}
const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const history = (page: Page) => page.getByRole('list', { name: 'History' });

/** An email received through Resend: the capture server holds it, a webhook signed with the app's secret announces it. */
async function receiveEmail(request: APIRequestContext, mail: { from: string; to: string; subject: string; body: string }) {
  const id = `em_${unique('in')}`;
  const raw = [`From: ${mail.from}`, `To: ${mail.to}`, `Subject: ${mail.subject}`, `Message-ID: <${id}@mail.e2e.test>`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', mail.body, ''].join('\r\n');
  await request.post(`${captureUrl}/__inbound`, { data: { id, raw } });
  const at = new Date();
  const payload = JSON.stringify({ type: 'email.received', created_at: at.toISOString(), data: { email_id: id } });
  const svixId = `msg_${id}`;
  const signature = new Webhook(inboundWebhookSecret).sign(svixId, at, payload);
  const response = await request.post(`${appUrl}/api/inbound/resend`, {
    data: payload,
    headers: { 'content-type': 'application/json', 'svix-id': svixId, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature },
  });
  expect(response.status()).toBe(200);
}

test('a customer’s and their colleague’s tickets merged: the colleague’s old link and email thread lead to the merged ticket, a removed participant stays out', async ({
  page,
  browser,
  request,
}) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true, copyParticipants: true, autoAddParticipants: false, dmarcAuthservId: '' });
  const company = unique('Acme');
  const a = await api.createTicket({ subject: unique('Printer broken'), message: 'The printer on floor 2 is broken.', customer: { email: `${unique('carol')}@acme.test`, name: 'Carol', company } });
  const colleagueEmail = `${unique('colin')}@acme.test`;
  const b = await api.createTicket({ subject: unique('Printer again'), message: 'Colin here: the printer is still broken.', customer: { email: colleagueEmail, name: 'Colin', company } });
  const colleagueLink = (await api.getTicket(b.id)).customer.ticketUrl as string;
  const colleagueReplyTo = String([(await waitForEmail(request, colleagueEmail, 'We received your request')).body.reply_to].flat()[0]);
  const removed = await api.addParticipant(b.id, { email: `${unique('rita')}@guests.test`, name: 'Rita Removed' });
  await api.removeParticipant(b.id, removed.id);

  await signIn(page);
  await page.goto(`/tickets/${b.id}`);
  await page.getByRole('button', { name: 'Merge into…' }).click();
  await page.getByLabel('Ticket number or subject').fill(a.number);
  await page.getByRole('button', { name: 'Find tickets' }).click();
  await page.getByRole('list', { name: 'Tickets to merge into' }).getByRole('button', { name: new RegExp(a.subject) }).click();
  const confirm = page.getByRole('form', { name: 'Confirm the merge' });
  await expect(confirm).toContainText(b.subject);
  await expect(confirm).toContainText(a.subject);
  await expect(confirm).toContainText(colleagueEmail);
  await expect(confirm).toContainText('A merge cannot be undone.');
  await confirm.getByRole('button', { name: `Merge ${b.number} into ${a.number}` }).click();

  await expect(page).toHaveURL(new RegExp(`/tickets/${a.id}$`));
  const colinsMessage = conversation(page).getByRole('article').filter({ hasText: 'Colin here: the printer is still broken.' });
  await expect(colinsMessage.getByRole('link', { name: `from ${b.number}` })).toBeVisible();
  await expect(history(page)).toContainText(`merged ${b.number} into this ticket`);
  expect((await api.getTicket(b.id)).mergedInto).toBe(a.id);
  await page.goto(`/tickets/${b.id}`);
  await expect(page.getByRole('note', { name: 'Merged ticket' })).toContainText(`This ticket was merged into ${a.number}`);
  await expect(page.getByRole('button', { name: 'Send reply' })).toHaveCount(0);
  await page.goto(`/tickets?q=${encodeURIComponent(b.number)}`);
  await expect(page.getByText(`Merged into ${a.number}`)).toBeVisible();

  // One email to the colleague, with their link to A.
  const notice = await waitForEmail(request, colleagueEmail, `${b.number} was merged into ${a.number}`);
  const newLink = linkIn(notice, `${appUrl}/t/`);

  // The colleague's old link (and the new one) open A as them; the removed participant's old link stays dead.
  const colin = await outsider(browser);
  for (const link of [colleagueLink, newLink]) {
    await colin.goto(link);
    await expect(colin.getByRole('heading', { level: 1, name: a.subject })).toBeVisible();
    await expect(conversation(colin)).toContainText('The printer on floor 2 is broken.');
    await expect(conversation(colin)).toContainText('Colin here: the printer is still broken.');
  }
  await colin.goto(removed.ticketUrl);
  await expect(colin.getByRole('heading', { name: 'This link cannot open the ticket' })).toBeVisible();
  await expect(colin.getByText(a.subject)).toHaveCount(0);

  // Replying to B's old email thread lands on A, and the team hears of it on A.
  await receiveEmail(request, { from: `Colin <${colleagueEmail}>`, to: colleagueReplyTo, subject: `Re: [${b.number}] We received your request`, body: 'Replying to my old thread.' });
  await expect.poll(async () => (await api.getTicket(a.id)).replies.map((r: { body: string }) => r.body), { timeout: 20_000 }).toContain('Replying to my old thread.');
  await colin.goto(colleagueLink);
  await expect(conversation(colin)).toContainText('Replying to my old thread.');
  expect(await emailsTo(request, removed.email)).toHaveLength(2); // added, then removed: nothing about the merge
});

test('a split takes one reply and one participant into a new ticket, and neither side sees the other’s conversation', async ({ page, browser, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true, copyParticipants: true });
  const ticket = await api.createTicket({ subject: unique('Two problems'), message: 'The invoice is wrong.', customer: { email: `${unique('dora')}@example.test`, name: 'Dora' } });
  const jane = await api.addParticipant(ticket.id, { email: `${unique('jane')}@guests.test`, name: 'Jane Brought' });
  const olaf = await api.addParticipant(ticket.id, { email: `${unique('olaf')}@guests.test`, name: 'Olaf Stays' });
  await api.reply(ticket.id, 'Also: the printer is jammed.');

  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const item = conversation(page).getByRole('listitem').filter({ has: page.getByRole('article').filter({ hasText: 'Also: the printer is jammed.' }) });
  await item.getByRole('button', { name: /^Split…/ }).click();
  const form = page.getByRole('form', { name: /^Split the reply by/ });
  await form.getByLabel('Subject of the new ticket').fill(`Printer ${tag}`);
  await expect(form.getByLabel('Customer of the new ticket')).toHaveValue(/@/);
  await expect(form.getByRole('checkbox', { name: /Jane Brought/ })).not.toBeChecked();
  await form.getByRole('checkbox', { name: /Jane Brought/ }).check();
  await form.getByRole('button', { name: 'Split into a new ticket' }).click();

  await expect(page).not.toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Printer ${tag}`);
  await expect(conversation(page)).toContainText('Also: the printer is jammed.');
  await expect(conversation(page)).not.toContainText('The invoice is wrong.');
  const newId = Number(new URL(page.url()).pathname.split('/').pop());
  const split = await api.getTicket(newId);
  expect(split.participants.map((p: { email: string }) => p.email)).toEqual([jane.email]);
  await expect(history(page).getByRole('link', { name: `Open ${ticket.number}` })).toBeVisible();

  // Jane's fresh link opens the new ticket only; her old one opens the old ticket without the moved reply.
  const notice = await waitForEmail(request, jane.email, 'A new ticket for your message');
  const janePage = await outsider(browser);
  await janePage.goto(linkIn(notice, `${appUrl}/t/`));
  await expect(janePage.getByRole('heading', { level: 1, name: `Printer ${tag}` })).toBeVisible();
  await expect(conversation(janePage)).toContainText('Also: the printer is jammed.');
  await expect(conversation(janePage)).not.toContainText('The invoice is wrong.');
  await janePage.goto(jane.ticketUrl);
  await expect(janePage.getByRole('heading', { level: 1, name: ticket.subject })).toBeVisible();
  await expect(conversation(janePage)).toContainText('The invoice is wrong.');
  await expect(conversation(janePage)).not.toContainText('Also: the printer is jammed.');
  // Olaf was not brought: his link still opens only the old ticket, and he got no email about the new one.
  await janePage.goto(olaf.ticketUrl);
  await expect(conversation(janePage)).not.toContainText('Also: the printer is jammed.');
  expect((await emailsTo(request, olaf.email)).some((m) => m.body.subject.includes('A new ticket for your message'))).toBe(false);

  // Bad input through the API: a reply of another ticket is refused, and nothing changes.
  const refused = await request.post(`/api/v1/tickets/${ticket.id}/split`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { replyId: split.replies[0].id, subject: 'Nope', participants: [] },
  });
  expect(refused.status()).toBe(422);
  expect(await refused.json()).toMatchObject({ error: { message: 'That reply is not on this ticket.' } });
  const self = await request.post(`/api/v1/tickets/${ticket.id}/merge`, { headers: { Authorization: `Bearer ${token}` }, data: { into: ticket.id } });
  expect(self.status()).toBe(422);
});

test('at 390 px the merge confirmation, the split form and a merged ticket fit without sideways scrolling', async ({ browser, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const longEmail = `${unique('a-rather-long-address-for-narrow-screens')}@an-extremely-long-domain-name.example`;
  const a = await api.createTicket({ subject: unique('Narrow target with a long subject that wraps'), message: 'Target.', customer: { email: longEmail, name: 'Nora Narrow' } });
  const b = await api.createTicket({ subject: unique('Narrow source'), message: 'Source.', customer: { email: `${unique('nick')}@example.test`, name: 'Nick' } });
  await api.addParticipant(b.id, { email: longEmail.replace('@', '-p@'), name: 'Pat With A Long Address' });
  await api.reply(b.id, 'A reply to split.');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  const page = await context.newPage();
  await signIn(page);
  const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

  await page.goto(`/tickets/${b.id}`);
  await page.getByRole('button', { name: 'Merge into…' }).click();
  await page.getByLabel('Ticket number or subject').fill(a.number);
  await page.getByRole('button', { name: 'Find tickets' }).click();
  await page.getByRole('list', { name: 'Tickets to merge into' }).getByRole('button').first().click();
  await expect(page.getByRole('form', { name: 'Confirm the merge' })).toContainText(longEmail);
  await fits();
  await conversation(page).getByRole('button', { name: /^Split…/ }).last().click();
  await expect(page.getByRole('form', { name: /^Split the reply by/ })).toBeVisible();
  await fits();
  await api.mergeTicket(b.id, a.id);
  await page.goto(`/tickets/${b.id}`);
  await expect(page.getByRole('note', { name: 'Merged ticket' })).toBeVisible();
  await fits();
  await context.close();
});

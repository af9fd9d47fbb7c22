import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { mailboxAppUrl } from './support/env';
import { deliverThroughResend, unique } from './support/inbound-mail';
import { emailsTo, waitForEmail } from './support/mail';

// Issue 20, "nothing waits unseen" for inbound mail: the navigation counts what needs attention, a refused email shows
// on its ticket with "add them and apply", every such message can be dismissed, and the refused sender gets one
// polite automatic answer a day.

const forwardedFor = '198.51.100.120';
test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });

let api: ReturnType<typeof adminApi>;
let token: string;
test.beforeAll(() => {
  token = createAdminToken(`inbound attention ${Date.now()}`);
});
test.beforeEach(async ({ request }) => {
  api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true, autoAddParticipants: false, dmarcAuthservId: '' });
});

/** A ticket with a participant, and the reply address their notification carries (mail to it finds the ticket). */
async function ticketWithReplyAddress(request: APIRequestContext) {
  const id = unique();
  const ticket = await api.createTicket({ subject: `Toner ${id}`, message: 'The toner is empty.', customer: { email: `cara-${id}@acme.test`, name: 'Cara' } });
  const participant = await api.addParticipant(ticket.id, { email: `jo-${id}@contractor.test`, name: 'Jo' });
  const added = await waitForEmail(request, participant.email, 'You were added to');
  return { ticket, replyTo: String([added.body.reply_to].flat()[0]) };
}

/** The Inbound link of the main navigation, whose name carries the count ("Inbound 3 need attention"). */
const inboundLink = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Inbound/ });
async function attentionCount(page: Page): Promise<number> {
  await page.goto('/admin/inbound');
  const name = (await inboundLink(page).textContent()) ?? '';
  return Number(/(\d+)\+? need attention/.exec(name)?.[1] ?? 0);
}

test('a refused email shows on its ticket; an agent adds the sender and applies it; the sender gets one automatic answer a day', async ({ page, browser, request }) => {
  const { ticket, replyTo } = await ticketWithReplyAddress(request);
  const gina = `gina-${unique()}@elsewhere.test`;
  const original = `<first-${unique()}@elsewhere.test>`;
  await deliverThroughResend(request, { from: `Gina <${gina}>`, to: replyTo, subject: 'Re: toner', body: 'I can bring a spare cartridge.', messageId: original });

  // One answer, threaded under her message and marked as an automatic reply (RFC 3834).
  const answer = await waitForEmail(request, gina, 'Auto: your email to');
  expect(answer.body.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'In-Reply-To': original, References: original });
  expect(answer.body.text).toContain('could not be added');
  expect(answer.body.text).not.toContain(ticket.subject);

  // The admin's navigation counts it.
  await signIn(page);
  expect(await attentionCount(page)).toBeGreaterThan(0);

  // A second refused email the same day: listed with the first, but no second answer.
  await deliverThroughResend(request, { from: gina, to: replyTo, subject: 'Re: toner', body: 'Or two, if you like.' });
  await expect.poll(async () => page.goto(`/tickets/${ticket.id}`).then(() => page.getByText(`2 emails from ${gina} were refused — add them and apply?`).count()), { timeout: 20_000 }).toBe(1);
  expect(await emailsTo(request, gina)).toHaveLength(1);

  // An agent who works the ticket (not an admin) decides on the ticket page.
  const email = `ward-${unique()}@team.test`;
  runCli(['create-agent', '--email', email, '--name', 'Ward Agent', '--password', 'ward-password-123']);
  const agentPage = await (await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } })).newPage();
  await signIn(agentPage, { email, password: 'ward-password-123' });
  await agentPage.goto(`/tickets/${ticket.id}`);
  const banner = agentPage.getByRole('region', { name: 'Refused email' });
  await expect(banner).toContainText('The sender is not the ticket’s customer');
  agentPage.once('dialog', (dialog) => void dialog.accept());
  await banner.getByRole('button', { name: `Add ${gina} and apply their 2 emails` }).click();
  await expect(banner).toHaveCount(0);
  const conversation = agentPage.getByRole('region', { name: 'Conversation' });
  await expect(conversation.getByText('I can bring a spare cartridge.')).toBeVisible();
  await expect(conversation.getByText('Or two, if you like.')).toBeVisible();
  const after = await api.getTicket(ticket.id);
  expect(after.participants.map((p: { email: string }) => p.email)).toContain(gina);
  await agentPage.context().close();
});

test('every message that needs attention can be dismissed: the count goes down and the row stays under All messages', async ({ page, request }) => {
  const id = unique();
  // Junk with no sender at all, and a refused reply on a ticket.
  await deliverThroughResend(request, ['To: support@inbound.parley.test', `Subject: Junk ${id}`, `Message-ID: <junk-${id}@spam.test>`, '', 'Buy now.', ''].join('\r\n'));
  const { ticket, replyTo } = await ticketWithReplyAddress(request);
  const stranger = `sid-${id}@elsewhere.test`;
  await deliverThroughResend(request, { from: stranger, to: replyTo, subject: 'Re: toner', body: 'Hello?' });

  await signIn(page);
  const junkRow = page.getByRole('row').filter({ hasText: `Junk ${id}` });
  await expect(async () => {
    await page.goto('/admin/inbound');
    await expect(junkRow).toContainText('(no sender)', { timeout: 1_000 });
    await expect(page.getByRole('row').filter({ hasText: stranger })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const before = await attentionCount(page);
  await junkRow.getByRole('button', { name: 'Dismiss message from (no sender)' }).click();
  await expect(junkRow).toHaveCount(0);
  expect(await attentionCount(page)).toBe(before - 1);
  await page.getByRole('link', { name: 'All messages' }).click();
  await expect(junkRow).toContainText('Dismissed by Administrator');
  await expect(junkRow.getByRole('button', { name: /Dismiss/ })).toHaveCount(0);

  // On the ticket page: Dismiss takes the banner away and says so in the history.
  await page.goto(`/tickets/${ticket.id}`);
  const banner = page.getByRole('region', { name: 'Refused email' });
  await expect(banner).toContainText(`1 email from ${stranger} was refused — add them and apply?`);
  await banner.getByRole('button', { name: `Dismiss the refused email from ${stranger}` }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'History' })).toContainText(`Administrator dismissed a refused email from ${stranger}`);
  expect(await attentionCount(page)).toBe(before - 2);
  expect((await api.getTicket(ticket.id)).replies.map((r: { body: string }) => r.body)).not.toContain('Hello?');
});

test('the mailbox shows an email’s HTML in a frame as tall as the email, its button not cut off', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: mailboxAppUrl, extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor }, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const subject = `Frame ${unique()}`;
  await page.goto('/submit');
  await page.getByLabel('Email').fill(`frame-${unique()}@customer.test`);
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Message').fill('A long message.\n\n'.repeat(30));
  await page.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your ticket number is' })).toBeVisible();
  await signIn(page);
  const message = page.getByRole('link', { name: new RegExp(`We received your request: ${subject}`) });
  // At 390 px its table scrolls inside its card, and says so.
  await page.goto('/admin/mailbox');
  await expect(page.getByText('Scroll sideways for more columns →')).toBeVisible();
  await expect(async () => {
    await page.goto('/admin/mailbox');
    await expect(message).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await message.click();
  const frame = page.locator('iframe[title="HTML version"]');
  const button = page.frameLocator('iframe[title="HTML version"]').getByRole('link', { name: 'View your request' });
  await expect(button).toBeVisible();
  // The frame is as tall as its document, so nothing in it scrolls or is cut off.
  await expect.poll(async () => frame.evaluate((element: HTMLIFrameElement) => element.clientHeight - element.contentDocument!.documentElement.scrollHeight)).toBeGreaterThanOrEqual(0);
  const [frameBox, buttonBox] = [await frame.boundingBox(), await button.boundingBox()];
  expect(buttonBox!.y + buttonBox!.height).toBeLessThanOrEqual(frameBox!.y + frameBox!.height);
  await context.close();
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { emailsTo } from './support/mail';

// Issue 18, side replies end to end: the reply box says who will receive a reply before it is sent; a side reply to
// one participant reaches only them — on their page, in their email and through a file link — and is invisible to the
// other participant and the customer by each of those routes; the participant's answer stays within the side
// conversation.

const stamp = Date.now();
const tag = `side${stamp}`;
const forwardedFor = '198.51.100.58';
let token: string;

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });

test.beforeAll(() => {
  token = createAdminToken(`side replies ${stamp}`);
});

async function outsider(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  return context.newPage();
}

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });

test('a side reply to Pat is on Pat’s page, email and file link only; Dan and the customer see none of it', async ({ page, browser, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true, copyParticipants: true });
  const ticket = await api.createTicket({
    subject: `Quote ${tag}`,
    message: 'Please send a quote for the repair.',
    customer: { email: `carol-${tag}@acme.test`, name: 'Carol Chen' },
  });
  const pat = await api.addParticipant(ticket.id, { email: `pat-${tag}@contractor.test`, name: 'Pat Lee' });
  const dan = await api.addParticipant(ticket.id, { email: `dan-${tag}@guests.test`, name: 'Dan Ortiz' });
  const secret = `The internal price is 640 EUR ${tag}`;

  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  const sendTo = page.getByRole('group', { name: 'Send to' });
  // Before anything is chosen, the box says who a reply goes to.
  await expect(sendTo.getByText('To: Carol Chen · Cc: Pat Lee, Dan Ortiz')).toBeVisible();
  await sendTo.getByLabel('Choose people').check();
  await expect(sendTo.getByText('To: nobody yet — tick at least one person')).toBeVisible();
  await sendTo.getByLabel('Pat Lee').check();
  await expect(sendTo.getByText('To: Pat Lee only')).toBeVisible();
  await page.getByLabel('Reply').fill(secret);
  await page.getByLabel('Attach files').setInputFiles({ name: `price-${tag}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`price list ${tag}\n`) });
  await expect(page.getByRole('list', { name: 'Files to send' }).getByText('ready')).toHaveCount(1);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Side reply sent to Pat Lee only.' })).toBeVisible();
  const sideReply = conversation(page).getByRole('article').filter({ hasText: secret });
  await expect(sideReply.getByText('To: Pat Lee')).toBeVisible();

  const fileId = ((await api.getTicket(ticket.id)).replies as { body: string; attachments: { id: number }[] }[]).find((r) => r.body === secret)!.attachments[0].id;
  const customerLink = (await api.getTicket(ticket.id)).customer.ticketUrl as string;

  // Pat: on the page, with the file, and by email.
  const patPage = await outsider(browser);
  await patPage.goto(pat.ticketUrl);
  await expect(conversation(patPage)).toContainText(secret);
  await expect(conversation(patPage).getByText('To: Pat Lee')).toBeVisible();
  expect((await patPage.request.get(`${pat.ticketUrl}/files/${fileId}`)).status()).toBe(200);
  // Pat's email about it (Pat also got the one saying they were added).
  await expect.poll(async () => (await emailsTo(request, pat.email)).filter((m) => m.body.text.includes(secret)).length, { timeout: 20_000 }).toBe(1);

  // Dan and Carol: not on their pages, not through a direct file link, not in any email.
  for (const [who, url, email] of [
    ['Dan', dan.ticketUrl as string, dan.email as string],
    ['Carol', customerLink, ticket.customer.email as string],
  ] as const) {
    const other = await outsider(browser);
    await other.goto(url);
    await expect(conversation(other), `${who}'s page`).toContainText('Please send a quote for the repair.');
    await expect(conversation(other), `${who}'s page`).not.toContainText(secret);
    const file = await other.request.get(`${url}/files/${fileId}`);
    expect(file.status(), `${who}'s direct link to the side reply's file`).toBe(404);
    expect(await file.text()).not.toContain(`price list ${tag}`);
    const theirs = await emailsTo(request, email);
    expect(theirs.filter((m) => m.body.text.includes(secret) || m.body.html.includes(secret) || m.body.text.includes(`/files/${fileId}`)), `${who}'s emails`).toEqual([]);
    await other.context().close();
  }

  // Pat answers on their page: the answer stays within the side conversation (the form's default there).
  await expect(patPage.getByLabel('Send to')).toHaveValue(/\d+/);
  await patPage.getByLabel('Message').fill(`Confirmed, 640 EUR ${tag}`);
  await patPage.getByRole('button', { name: 'Send reply' }).click();
  await expect(patPage.getByRole('status').filter({ hasText: 'Your reply was sent to the same people only.' })).toBeVisible();
  const danPage = await outsider(browser);
  await danPage.goto(dan.ticketUrl);
  await expect(conversation(danPage)).toContainText('Please send a quote for the repair.');
  await expect(conversation(danPage)).not.toContainText(`Confirmed, 640 EUR ${tag}`);
  await page.reload();
  await expect(conversation(page).getByRole('article').filter({ hasText: `Confirmed, 640 EUR ${tag}` }).getByText('To: Pat Lee')).toBeVisible();
});

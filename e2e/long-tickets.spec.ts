import { expect, test, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';

// A long conversation opens at its newest 50 replies; older ones load on demand, on the agent's ticket page and on a
// personal link page, and through the API with a cursor.

const stamp = Date.now();
const PUBLIC_REPLIES = 55;
const body = (n: number) => `Long reply ${String(n).padStart(3, '0')} (${stamp})`;

let token: string;
let ticketId: number;
let customerLink: string;

test.beforeAll(async ({ request }) => {
  token = createAdminToken(`e2e long tickets ${stamp}`);
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: `Long conversation ${stamp}`, message: `Opening message ${stamp}`, customer: { email: `long-${stamp}@customer.test`, name: 'Lena Long' } });
  ticketId = ticket.id;
  customerLink = ticket.customer.ticketUrl;
  for (let n = 1; n <= PUBLIC_REPLIES; n++) await api.reply(ticketId, body(n));
  await api.reply(ticketId, `A private note (${stamp})`, true);
});

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const entries = (page: Page) => conversation(page).getByRole('article');

/** Loads the older replies with the keyboard and checks the whole conversation is then shown, oldest first. */
async function showOlderWithKeyboard(page: Page, older: number, total: number) {
  const button = conversation(page).getByRole('button', { name: 'Show older replies' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(entries(page)).toHaveCount(total);
  await expect(conversation(page).getByRole('status')).toHaveText(`${older} older replies shown — this is the start of the conversation.`);
  await expect(button).toHaveCount(0);
  await expect(entries(page).first()).toContainText(`Opening message ${stamp}`);
  await expect(entries(page).nth(1)).toContainText(body(1));
}

test('the agent page shows the newest 50 replies and notes and loads the older ones on demand', async ({ page }) => {
  await signIn(page);
  await page.goto(`/tickets/${ticketId}`);
  // 1 opening message + 55 replies + 1 note: the newest 50 are replies 8–55 and the note.
  await expect(entries(page)).toHaveCount(50);
  await expect(entries(page).first()).toContainText(body(7));
  await expect(entries(page).last()).toContainText(`A private note (${stamp})`);
  await expect(conversation(page).getByText(body(6), { exact: true })).toHaveCount(0);
  await showOlderWithKeyboard(page, 7, 57);
});

test('the personal page shows the newest 50 replies, loads older ones, and a reply shows without the whole history', async ({ page }) => {
  await page.goto(customerLink);
  // 1 opening message + 55 replies (never the note): the newest 50 are replies 6–55.
  await expect(entries(page)).toHaveCount(50);
  await expect(entries(page).first()).toContainText(body(6));
  await expect(conversation(page).getByText(`A private note (${stamp})`)).toHaveCount(0);
  await showOlderWithKeyboard(page, 6, 56);

  await page.getByLabel('Message').fill(`Customer answer (${stamp})`);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(entries(page).last()).toContainText(`Customer answer (${stamp})`);
  // The page is back to the newest 50; the older ones are a click away again.
  await expect(entries(page)).toHaveCount(50);
  await expect(conversation(page).getByRole('button', { name: 'Show older replies' })).toBeVisible();
});

test('the API pages the conversation with a cursor', async ({ request }) => {
  const headers = { Authorization: `Bearer ${token}` };
  const ticket = (await (await request.get(`/api/v1/tickets/${ticketId}`, { headers })).json()).ticket;
  expect(ticket.replies).toHaveLength(50);
  expect(ticket.repliesNextCursor).toEqual(expect.any(String));

  const older = await (await request.get(`/api/v1/tickets/${ticketId}/replies?before=${ticket.repliesNextCursor}`, { headers })).json();
  expect(older.replies.map((r: { body: string }) => r.body)).toEqual([`Opening message ${stamp}`, ...[1, 2, 3, 4, 5, 6, 7].map(body)]);
  expect(older.nextCursor).toBeNull();

  for (const [query, field] of [['before=nonsense', 'before'], ['limit=500', 'limit']]) {
    const bad = await request.get(`/api/v1/tickets/${ticketId}/replies?${query}`, { headers });
    expect(bad.status()).toBe(422);
    expect((await bad.json()).error.fields).toEqual({ [field]: expect.any(String) });
  }
});

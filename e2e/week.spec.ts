import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { appDatabasePath } from './support/env';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';

// Issue 22: running the week — tags, priorities (and, as they land, saved views, service levels and time-based automations).

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;
let token: string;

test.beforeAll(() => {
  token = createAdminToken('week e2e');
});

test('an agent tags a ticket (creating the tag as they type), sets its priority, and finds it by tag: and the tag filter', async ({ page, request }) => {
  const id = unique();
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: `Invoice twice ${id}`, message: 'I was charged twice.', customer: { email: `tags-${id}@example.com` } });
  const tagName = `billing-${id}`;
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  await expect(page.getByText('No tags yet.')).toBeVisible();

  // A bad name is refused next to the field; nothing is added.
  await page.getByLabel('Add tag').fill('two words');
  await page.getByRole('button', { name: 'Add tag', exact: true }).click();
  await expect(page.getByLabel('Add tag')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('No tags yet.')).toBeVisible();

  await page.getByLabel('Add tag').fill(tagName.toUpperCase());
  await page.getByRole('button', { name: 'Add tag', exact: true }).click();
  await expect(page.getByRole('button', { name: `Remove tag ${tagName}` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'History' })).toContainText(`added the tag ${tagName}`);

  await page.getByLabel('Priority').selectOption('urgent');
  await expect(page.getByRole('status').filter({ hasText: 'Priority set to Urgent.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Urgent priority');

  // Found by `tag:` in the search box, and listed with its tag and priority.
  await page.goto('/tickets');
  await page.getByLabel('Search tickets').fill(`tag:${tagName}`);
  await page.getByLabel('Search tickets').press('Enter');
  const row = page.getByRole('row').filter({ hasText: `Invoice twice ${id}` });
  await expect(row).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '1 ticket match' })).toBeVisible();
  await expect(row.getByRole('list', { name: /^Tags of / })).toHaveText(tagName);
  await expect(row.getByText('Urgent priority')).toBeVisible();

  // The Tag filter, and a tag the API knows.
  await page.goto('/tickets');
  await page.getByLabel('Tag', { exact: true }).selectOption(tagName);
  await expect(page).toHaveURL(new RegExp(`tag=${tagName}`));
  await expect(page.getByRole('row').filter({ hasText: `Invoice twice ${id}` })).toBeVisible();
  const viaApi = await api.getTicket(ticket.id);
  expect(viaApi).toMatchObject({ tags: [tagName], priority: 'urgent' });

  // Removing it takes it off the ticket.
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByRole('button', { name: `Remove tag ${tagName}` }).click();
  await expect(page.getByText('No tags yet.')).toBeVisible();
});

test('the API sets tags and priority, filters by ?tag= and ?priority=, and refuses bad values changing nothing', async ({ request }) => {
  const id = unique();
  const api = adminApi(request, token);
  const headers = { Authorization: `Bearer ${token}` };
  const ticket = await api.createTicket({ subject: `API tags ${id}`, message: 'Hello', customer: { email: `api-tags-${id}@example.com` } });
  const patched = await request.patch(`/api/v1/tickets/${ticket.id}`, { headers, data: { tags: [`Api-${id}`, 'vip'], priority: 'high' } });
  expect(patched.status()).toBe(200);
  expect((await patched.json()).ticket).toMatchObject({ tags: [`api-${id}`, 'vip'], priority: 'high' });

  for (const data of [{ priority: 'critical' }, { tags: ['has space'] }, { tags: 'vip' }]) {
    const refused = await request.patch(`/api/v1/tickets/${ticket.id}`, { headers, data });
    expect(refused.status()).toBe(422);
  }
  expect(await api.getTicket(ticket.id)).toMatchObject({ tags: [`api-${id}`, 'vip'], priority: 'high' });

  const byTag = await (await request.get(`/api/v1/tickets?tag=api-${id}&priority=high`, { headers })).json();
  expect(byTag.tickets.map((t: { id: number }) => t.id)).toEqual([ticket.id]);
  expect(byTag.tickets[0]).toMatchObject({ tags: [`api-${id}`, 'vip'], priority: 'high' });
  const unknown = await request.get(`/api/v1/tickets?tag=no-such-tag-${id}`, { headers });
  expect(unknown.status()).toBe(422);
  expect((await unknown.json()).error.fields).toEqual({ tag: 'is not a known tag' });
  expect((await request.get('/api/v1/tickets?priority=critical', { headers })).status()).toBe(422);
});

test('an admin renames, merges and deletes tags under Settings → Tags', async ({ page, request }) => {
  const id = unique();
  const api = adminApi(request, token);
  const headers = { Authorization: `Bearer ${token}` };
  const ticket = await api.createTicket({ subject: `Tag admin ${id}`, message: 'Hello', customer: { email: `tag-admin-${id}@example.com` } });
  await request.patch(`/api/v1/tickets/${ticket.id}`, { headers, data: { tags: [`bug-${id}`, `defect-${id}`, `old-${id}`] } });
  await signIn(page);
  await page.goto('/admin/settings');
  await page.getByRole('link', { name: 'Tags' }).click();

  await page.getByLabel(`New name for old-${id}`).fill(`legacy-${id}`);
  await page.getByRole('listitem').filter({ hasText: `old-${id}` }).getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Renamed to legacy-${id}.` })).toBeVisible();

  await page.getByRole('button', { name: `Merge defect-${id} into another tag` }).click();
  await page.getByLabel(`Merge defect-${id} into`).selectOption({ label: `bug-${id}` });
  await page.getByRole('button', { name: 'Yes, merge' }).click();
  // The merged tag's row is gone; the tag it went into now counts the ticket once.
  await expect(page.getByRole('heading', { name: new RegExp(`^defect-${id}`) })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `bug-${id} 1 ticket` })).toBeVisible();

  await page.getByRole('button', { name: `Delete tag legacy-${id}` }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`^legacy-${id}`) })).toHaveCount(0);
  expect((await api.getTicket(ticket.id)).tags).toEqual([`bug-${id}`]);
});

test('service levels: a bad calendar is refused; a ticket shows its first-response due time, and it turns met on the reply', async ({ page, request }) => {
  const id = unique();
  const api = adminApi(request, token);
  const headers = { Authorization: `Bearer ${token}` };
  const original = (await (await request.get('/api/v1/settings/service-levels', { headers })).json()).serviceLevels;
  await signIn(page);

  // Through Settings → Service levels: a bad day is named next to its box and nothing is saved.
  await page.goto('/admin/settings');
  await page.getByRole('link', { name: 'Service levels' }).click();
  await page.getByLabel('Monday hours').fill('9-5');
  await page.getByRole('button', { name: 'Save service levels' }).click();
  await expect(page.getByLabel('Monday hours')).toHaveAttribute('aria-invalid', 'true');
  expect((await (await request.get('/api/v1/settings/service-levels', { headers })).json()).serviceLevels).toEqual(original);

  // Round the clock, a first response within an hour for normal tickets.
  await page.goto('/admin/settings/service-levels');
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) await page.getByLabel(`${day} hours`).fill('00:00-24:00');
  await page.getByLabel('Normal: first response (minutes)').fill('60');
  await page.getByRole('button', { name: 'Save service levels' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Service levels saved.' })).toBeVisible();

  // A target of 0 through the API: 422, nothing changed.
  const saved = (await (await request.get('/api/v1/settings/service-levels', { headers })).json()).serviceLevels;
  expect(saved.targets.normal.firstResponse).toBe(60);
  const zero = await request.put('/api/v1/settings/service-levels', { headers, data: { ...saved, targets: { ...saved.targets, normal: { firstResponse: 0 } } } });
  expect(zero.status()).toBe(422);
  expect((await zero.json()).error.fields).toHaveProperty(['targets.normal.firstResponse']);

  try {
    const ticket = await api.createTicket({ subject: `Due soon ${id}`, message: 'Hello?', customer: { email: `sla-${id}@example.com` } });
    expect(ticket.sla).toMatchObject({ breached: [], nextResponseDueAt: null, resolutionDueAt: null });
    expect(new Date(ticket.sla.firstResponseDueAt).getTime()).toBe(new Date(ticket.createdAt).getTime() + 3_600_000);

    // The background thread keeps the due time lists sort by: the ticket is listed under "Due soonest".
    const row = page.getByRole('row').filter({ hasText: `Due soon ${id}` });
    await expect(async () => {
      await page.goto(`/tickets?sort=due&q=${encodeURIComponent(`Due soon ${id}`)}`);
      await expect(row).toContainText(/Due in (1 h|59 min)/, { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });

    await page.goto(`/tickets/${ticket.id}`);
    const targets = page.getByRole('list', { name: 'Service targets' });
    await expect(targets).toHaveText(/First response due in (1 h|59 min)/);
    await page.getByLabel('Reply', { exact: true }).fill('We are on it.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(targets).toHaveText('First response met');
    expect((await api.getTicket(ticket.id)).sla).toMatchObject({ met: ['firstResponse'], breached: [] });
  } finally {
    await request.put('/api/v1/settings/service-levels', { headers, data: original });
  }
});

test('an agent saves the list as a shared view: it is in the navigation with its count, and its address opens it', async ({ page, request }) => {
  const id = unique();
  const api = adminApi(request, token);
  const headers = { Authorization: `Bearer ${token}` };
  for (const n of [1, 2]) {
    const ticket = await api.createTicket({ subject: `View me ${n} ${id}`, message: 'Hello', customer: { email: `views-${id}@example.com` } });
    await request.patch(`/api/v1/tickets/${ticket.id}`, { headers, data: { tags: [`view-${id}`], priority: 'high' } });
  }
  await signIn(page);
  await page.goto('/tickets');
  await page.getByLabel('Tag', { exact: true }).selectOption(`view-${id}`);
  await expect(page).toHaveURL(new RegExp(`tag=view-${id}`));
  await page.getByLabel('Priority').selectOption('high');
  await expect(page).toHaveURL(/priority=high/);

  // Without a name: said next to the field, nothing saved.
  await page.getByRole('button', { name: 'Save as view' }).click();
  await expect(page.getByLabel('View name')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('View name').fill(`Team view ${id}`);
  await page.getByLabel('Share with the team').check();
  await page.getByRole('button', { name: 'Save as view' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Tickets: Team view ${id}`);
  const link = page.getByRole('navigation', { name: 'Saved views' }).getByRole('link', { name: new RegExp(`Team view ${id}`) });
  await expect(link).toHaveText(new RegExp(`Team view ${id}\\s*shared\\s*2$`));
  await expect(link).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('row').filter({ hasText: `View me 1 ${id}` })).toBeVisible();
  const address = page.url();
  expect(address).toMatch(/\/tickets\?view=\d+$/);

  // A new matching ticket counts at once; the address opens the view in a fresh tab.
  const third = await api.createTicket({ subject: `View me 3 ${id}`, message: 'Hello', customer: { email: `views-${id}@example.com` } });
  await request.patch(`/api/v1/tickets/${third.id}`, { headers, data: { tags: [`view-${id}`], priority: 'high' } });
  const other = await page.context().newPage();
  await other.goto(address);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText(`Tickets: Team view ${id}`);
  await expect(other.getByRole('navigation', { name: 'Saved views' }).getByRole('link', { name: new RegExp(`Team view ${id}`) })).toHaveText(/3$/);
  await expect(other.getByRole('row').filter({ hasText: `View me 3 ${id}` })).toBeVisible();

  await other.getByRole('button', { name: `Delete view Team view ${id}` }).click();
  await other.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Tickets');
  await expect(other.getByRole('link', { name: new RegExp(`Team view ${id}`) })).toHaveCount(0);
});

/**
 * Moves the background jobs' clock ahead (lib/mail/worker/clock.ts): the offset is a row of the app's SQLite file,
 * read only because playwright.config.ts starts the server with PARLEY_TEST_CLOCK=1.
 */
function moveBackgroundClock(ms: number) {
  const db = new Database(appDatabasePath);
  try {
    db.prepare("insert into job_cursors (name, at, id) values ('test-clock', ?, 0) on conflict(name) do update set at = excluded.at").run(ms);
  } finally {
    db.close();
  }
}

test('an agent snoozes a ticket: on hold until then, it reopens by itself when the time comes (background clock moved ahead)', async ({ page, request }) => {
  const id = unique();
  const api = adminApi(request, token);
  const ticket = await api.createTicket({ subject: `Snooze ${id}`, message: 'Ask me next week', customer: { email: `snooze-${id}@example.com` } });
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);

  // A time in the past is refused next to the field; nothing changes.
  await page.getByLabel('Snooze until').fill('2020-01-01T09:00');
  await page.getByRole('button', { name: 'Snooze', exact: true }).click();
  await expect(page.getByLabel('Snooze until')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('New');

  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
  await page.getByLabel('Snooze until').fill(tomorrow);
  await page.getByRole('button', { name: 'Snooze', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('On hold');
  await expect(page.getByText(/^Snoozed until/)).toBeVisible();
  expect((await api.getTicket(ticket.id)).snoozedUntil).toBe(`${tomorrow}:00.000Z`);

  moveBackgroundClock(2 * 86_400_000);
  try {
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Open', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole('list', { name: 'History' })).toContainText('The snooze ended and the ticket reopened');
    expect((await api.getTicket(ticket.id)).snoozedUntil).toBeNull();
  } finally {
    moveBackgroundClock(0);
  }
});

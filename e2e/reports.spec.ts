import fs from 'node:fs';
import { expect, test, type Download } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';

// Issue 23, reports and CSV: the report page draws a chart with its numbers as a table; CSV downloads of a report and
// of a ticket list open with the expected rows (UTF-8 with a byte-order mark, formulas neutralised).

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;
let token: string;

test.beforeAll(() => {
  token = createAdminToken('reports e2e');
});

/** A downloaded CSV's records (after checking its byte-order mark), split into fields the simple way. */
async function csvRows(download: Download): Promise<string[]> {
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
}

test('the report page shows the volume chart and its table, for one company; its CSV holds the same numbers', async ({ page, request }) => {
  const id = unique();
  const company = `Report Co ${id}`;
  const api = adminApi(request, token);
  const first = await api.createTicket({ subject: `Report one ${id}`, message: 'Hello', customer: { email: `report-a-${id}@example.com`, company } });
  await api.createTicket({ subject: `Report two ${id}`, message: 'Hello', customer: { email: `report-b-${id}@example.com`, company } });
  const closed = await request.patch(`/api/v1/tickets/${first.id}`, { headers: { authorization: `Bearer ${token}` }, data: { status: 'closed' } });
  expect(closed.ok()).toBe(true);
  const today = new Date().toISOString().slice(0, 10);

  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await page.getByLabel('Company', { exact: true }).selectOption({ label: company });
  await page.getByLabel('From', { exact: true }).fill(today);
  await page.getByLabel('To', { exact: true }).fill(today);
  await page.getByRole('button', { name: 'Show report' }).click();
  const volume = page.getByRole('region', { name: 'Tickets per day' });
  // The background thread brings the figures up to date a moment after the changes.
  await expect(async () => {
    await page.reload();
    await volume.getByText('Table: Tickets per day').click();
    await expect(volume.getByRole('table', { name: 'Tickets per day' }).getByRole('row', { name: `${today} 2 1 1` })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(volume.getByRole('img', { name: /Tickets per day.*2 created, 1 closed, 1 still open/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Busiest companies' }).getByRole('img')).toBeVisible();

  const downloading = page.waitForEvent('download');
  await volume.getByRole('link', { name: 'Download CSV: Tickets per day' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`volume-${today}-to-${today}.csv`);
  expect(await csvRows(download)).toEqual(['Day,Created,Closed,Still open at the end', `${today},2,1,1`]);
});

test('a ticket list downloads as CSV with every matching row, and the API gives the same file', async ({ page, request }) => {
  const id = unique();
  const api = adminApi(request, token);
  for (const subject of [`Export plain ${id}`, `=1+1 export ${id}`, `Export, "quoted" ${id}`]) {
    await api.createTicket({ subject, message: 'Hello', customer: { email: `export-${id}@example.com` } });
  }
  await signIn(page);
  await page.goto(`/tickets?q=${encodeURIComponent(`export ${id}`)}`);
  await expect(page.getByRole('row').filter({ hasText: `Export plain ${id}` })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const rows = await csvRows(await downloading);
  expect(rows[0]).toBe('Number,Subject,Status,Priority,Tags,Customer,Customer email,Assignee,Assignee email,Participants,Created,Last activity,Due');
  const subjects = rows.slice(1).map((row) => row.split(',')[1]);
  expect(rows).toHaveLength(4);
  // Newest first; the formula is neutralised, the comma and quotes quoted.
  expect(subjects[0]).toBe(`"Export`);
  expect(rows[1]).toContain(`"Export, ""quoted"" ${id}"`);
  expect(subjects[1]).toBe(`'=1+1 export ${id}`);
  expect(subjects[2]).toBe(`Export plain ${id}`);

  const viaApi = await request.get(`/api/v1/tickets?format=csv&q=${encodeURIComponent(`export ${id}`)}`, { headers: { authorization: `Bearer ${token}` } });
  expect(viaApi.status()).toBe(200);
  expect(viaApi.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const body = await viaApi.body();
  expect(body.subarray(3).toString('utf8').split('\r\n').filter(Boolean)).toEqual(rows);
  const bad = await request.get('/api/v1/tickets?format=xml', { headers: { authorization: `Bearer ${token}` } });
  expect(bad.status()).toBe(422);
});

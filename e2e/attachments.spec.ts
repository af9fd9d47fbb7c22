import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { emailsTo, waitForEmail } from './support/mail';

// Issue 8 end to end: files on tickets from every place they come in, who may fetch them, and how they are served.
// The main server runs with ATTACHMENT_MAX_MB=1 (playwright.config.ts).

const stamp = Date.now();
const forwardedFor = '198.51.100.38';
let token: string;

test.use({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });

test.beforeAll(() => {
  token = createAdminToken(`attachments ${stamp}`);
});

let counter = 0;
const unique = (label: string) => `${label}-${stamp}-${++counter}`;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>document.title = "pwned"</script>hello</body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>document.title = "pwned"</script></svg>');
const OVER_LIMIT = Buffer.alloc(1024 * 1024 + 1, 0x41);

type ApiAttachment = { id: number; filename: string; contentType: string; size: number; url: string };

const bearer = () => ({ Authorization: `Bearer ${token}` });

function multipart(fields: Record<string, string>, files: { name: string; body: Buffer; type?: string }[]): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of files) form.append('files', new File([new Uint8Array(file.body)], file.name, { type: file.type ?? 'application/octet-stream' }));
  return form;
}

async function newTicket(request: APIRequestContext) {
  return adminApi(request, token).createTicket({
    subject: unique('Broken export'),
    message: 'The export fails.',
    customer: { email: `${unique('cara')}@files.test`, name: 'Cara Customer' },
  });
}

async function outsider(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': forwardedFor } });
  return context.newPage();
}

const conversation = (page: Page) => page.getByRole('region', { name: 'Conversation' });
const pathOf = (url: string) => new URL(url).pathname;

/** Puts files on the page's clipboard-paste or drop path, as a browser does for a screenshot or a dragged file. */
async function sendFileEvent(target: Locator, kind: 'paste' | 'drop', file: { name: string; type: string; base64: string }) {
  await target.evaluate(
    (target, { kind, file }) => {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], file.name, { type: file.type }));
      const event =
        kind === 'paste'
          ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
          : new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
      target.dispatchEvent(event);
    },
    { kind, file },
  );
}

test('an agent attaches a chosen file, a pasted screenshot and a dropped file; admins remove one', async ({ page, request }) => {
  const ticket = await newTicket(request);
  await signIn(page);
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByLabel('Reply').fill('Logs and a screenshot attached.');
  await page.getByLabel('Attach files').setInputFiles({ name: 'server.log', mimeType: 'text/plain', buffer: Buffer.from('ERROR export failed\n') });
  await sendFileEvent(page.getByLabel('Reply'), 'paste', { name: 'image.png', type: 'image/png', base64: PNG.toString('base64') });
  await sendFileEvent(page.getByLabel('Reply'), 'drop', { name: 'quote.pdf', type: 'application/pdf', base64: PDF.toString('base64') });
  const chosen = page.getByRole('list', { name: 'Files to send' });
  await expect(chosen.getByRole('listitem')).toHaveCount(3);
  await expect(chosen.getByText('ready')).toHaveCount(3);
  await expect(chosen.getByText(/^pasted-image-.*\.png$/)).toBeVisible();
  const pickerScan = await new AxeBuilder({ page }).include('form:has(input[type=file])').analyze();
  expect(pickerScan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText(/Reply sent to .+\./)).toBeVisible();
  await expect(chosen).toHaveCount(0);

  const files = conversation(page).getByRole('list', { name: 'Attachments' }).last();
  await expect(files.getByRole('link', { name: 'server.log' })).toBeVisible();
  await expect(files.getByRole('link', { name: 'quote.pdf' })).toBeVisible();
  const thumbnail = files.getByRole('img', { name: /^pasted-image-/ });
  await expect(thumbnail).toBeVisible();
  expect(await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  const image = await page.request.get((await thumbnail.getAttribute('src'))!);
  expect(image.headers()['content-type']).toBe('image/png');
  expect(image.headers()['content-disposition']).toMatch(/^inline; filename="pasted-image-/);

  // The reply in the API lists all three, sniffed from their bytes.
  const reply = (await adminApi(request, token).getTicket(ticket.id)).replies.at(-1);
  expect(reply.attachments.map((a: ApiAttachment) => a.contentType).sort()).toEqual(['application/pdf', 'image/png', 'text/plain']);

  await files.getByRole('button', { name: 'Remove attachment server.log' }).click();
  await files.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(files.getByText('Attachment removed')).toBeVisible();
  const listScan = await new AxeBuilder({ page }).include('[aria-labelledby="conversation-heading"]').analyze();
  expect(listScan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  await expect(files.getByRole('link', { name: 'server.log' })).toHaveCount(0);
  const removed = reply.attachments.find((a: ApiAttachment) => a.filename === 'server.log');
  expect((await request.get(removed.url, { headers: bearer() })).status()).toBe(404);
  await expect(page.getByRole('list', { name: 'History' })).toContainText('removed the attachment server.log');
});

test('a participant attaches a PDF through their link; once removed, their download link is refused', async ({ browser, request }) => {
  const api = adminApi(request, token);
  await api.updateSettings({ participantsEnabled: true });
  const ticket = await newTicket(request);
  const guestEmail = `${unique('gus')}@contractor.test`;
  const guest = await api.addParticipant(ticket.id, { email: guestEmail, name: 'Gus Contractor' });
  const visitor = await outsider(browser);
  await visitor.goto(guest.ticketUrl);
  await visitor.getByLabel('Message').fill('My quote is attached.');
  await visitor.getByLabel('Attach files').setInputFiles({ name: 'quote.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(visitor.getByRole('list', { name: 'Files to send' }).getByText('ready')).toBeVisible();
  await visitor.getByRole('button', { name: 'Send reply' }).click();
  await expect(visitor.getByText('Your reply was sent.')).toBeVisible();
  const link = conversation(visitor).getByRole('link', { name: 'quote.pdf' });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute('href'))!;
  expect(href).toMatch(new RegExp(`^/t/[^/]+/files/\\d+\\?download=1$`));

  const download = await visitor.request.get(href);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(download.headers()['content-disposition']).toBe(`attachment; filename="quote.pdf"; filename*=UTF-8''quote.pdf`);
  expect(Buffer.from(await download.body())).toEqual(PDF);

  const replies = (await api.getTicket(ticket.id)).replies;
  expect(replies.at(-1).author.kind).toBe('participant');
  expect(replies.at(-1).attachments).toMatchObject([{ filename: 'quote.pdf', contentType: 'application/pdf', size: PDF.length }]);

  await api.removeParticipant(ticket.id, guest.id);
  const refused = await visitor.request.get(href);
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain('no longer works');
});

test('/submit takes an attachment; a file over the limit refuses the whole ticket and stores nothing', async ({ browser, request }) => {
  const api = adminApi(request, token);
  const visitor = await outsider(browser);

  const refusedSubject = unique('Too big');
  await visitor.goto('/submit');
  await visitor.getByLabel('Email').fill(`${unique('sam')}@public.test`);
  await visitor.getByLabel('Subject').fill(refusedSubject);
  await visitor.getByLabel('Message').fill('Here is a dump.');
  await visitor.getByLabel('Attach files').setInputFiles([
    { name: 'fine.txt', mimeType: 'text/plain', buffer: Buffer.from('small') },
    { name: 'dump.bin', mimeType: 'application/octet-stream', buffer: OVER_LIMIT },
  ]);
  await expect(visitor.getByRole('alert').filter({ hasText: '“dump.bin” is larger than the 1 MB limit per file.' })).toBeVisible();
  await visitor.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(visitor.getByRole('alert').filter({ hasText: /dump\.bin” is larger than the 1 MB limit per file\. Remove it to send your message\./ })).toBeVisible();
  expect(await api.findTickets(refusedSubject)).toHaveLength(0);

  // The server refuses it too, whatever the browser does.
  const direct = await visitor.request.post('/submit/uploads', { multipart: multipart({}, [{ name: 'dump.bin', body: OVER_LIMIT }]) });
  expect(direct.status()).toBe(413);
  expect((await direct.json()).error.message).toContain('dump.bin');

  await visitor.getByRole('button', { name: 'Remove dump.bin' }).click();
  await visitor.getByRole('button', { name: 'Submit ticket' }).click();
  await expect(visitor.getByRole('status')).toContainText('Your ticket number is');
  const [created] = await api.findTickets(refusedSubject);
  const full = await api.getTicket(created.id);
  expect(full.replies[0].attachments).toMatchObject([{ filename: 'fine.txt', contentType: 'text/plain', size: 5 }]);
});

test('a private note’s file is never reachable through the customer’s link or email', async ({ request }) => {
  const ticket = await newTicket(request);
  const note = await request.post(`/api/v1/tickets/${ticket.id}/replies`, {
    headers: bearer(),
    multipart: multipart({ message: 'Internal: customer DB dump', private: 'true' }, [{ name: 'internal-dump.txt', body: Buffer.from('secret rows') }]),
  });
  expect(note.status()).toBe(201);
  const noteFile: ApiAttachment = (await note.json()).reply.attachments[0];
  // A public reply afterwards, so the customer's latest email is known to have been written after the note.
  const publicReply = await request.post(`/api/v1/tickets/${ticket.id}/replies`, {
    headers: bearer(),
    multipart: multipart({ message: 'We are on it, see the log.' }, [{ name: 'public.log', body: Buffer.from('public log') }]),
  });
  const publicFile: ApiAttachment = (await publicReply.json()).reply.attachments[0];

  const customerLink: string = ticket.customer.ticketUrl;
  expect((await request.get(`${customerLink}/files/${noteFile.id}`)).status()).toBe(404);
  expect((await request.get(`${customerLink}/files/${publicFile.id}`)).status()).toBe(200);

  const email = await waitForEmail(request, ticket.customer.email, 'Re:');
  expect(email.body.text).toContain('public.log');
  expect(email.body.html).toContain(`${pathOf(customerLink)}/files/${publicFile.id}`);
  for (const message of await emailsTo(request, ticket.customer.email)) {
    expect(message.body.html).not.toContain('internal-dump.txt');
    expect(message.body.html).not.toContain(`/files/${noteFile.id}`);
  }
});

test('HTML and SVG files are served as downloads, never rendered', async ({ page, request }) => {
  const ticket = await newTicket(request);
  const response = await request.post(`/api/v1/tickets/${ticket.id}/replies`, {
    headers: bearer(),
    multipart: multipart({ message: 'Two risky files' }, [
      { name: 'page.html', body: HTML, type: 'text/html' },
      { name: 'logo.svg', body: SVG, type: 'image/svg+xml' },
    ]),
  });
  const files: ApiAttachment[] = (await response.json()).reply.attachments;
  expect(files.map((f) => f.contentType)).toEqual(['text/html', 'image/svg+xml']);

  await signIn(page);
  for (const file of files) {
    for (const url of [`/tickets/${ticket.id}/files/${file.id}`, `${ticket.customer.ticketUrl}/files/${file.id}`]) {
      const answer = await page.request.get(url);
      expect(answer.status()).toBe(200);
      const headers = answer.headers();
      expect(headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${file.filename}"`));
      expect(headers['content-type']).toBe('application/octet-stream');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['content-security-policy']).toBe('sandbox');
      expect(headers['cache-control']).toMatch(/^private/);
    }
    // Opened in the browser, it downloads instead of running.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate((href) => {
        window.location.href = href;
      }, `/tickets/${ticket.id}/files/${file.id}`),
    ]);
    expect(download.suggestedFilename()).toBe(file.filename);
    expect(await page.title()).not.toBe('pwned');
  }
});

test('API: multipart tickets and replies, attachment lists in the JSON, downloads with the same token, 413 over the limit', async ({ request }) => {
  const subject = unique('API files');
  const created = await request.post('/api/v1/tickets', {
    headers: bearer(),
    multipart: multipart({ subject, message: 'From the API', 'customer.email': `${unique('api')}@files.test`, 'customer.name': 'Api Person' }, [
      { name: 'screen.png', body: PNG, type: 'image/png' },
      { name: 'Résumé (final).pdf', body: PDF },
    ]),
  });
  expect(created.status(), await created.text()).toBe(201);
  const ticket = (await created.json()).ticket;
  expect(ticket.subject).toBe(subject);
  const files: ApiAttachment[] = ticket.replies[0].attachments;
  expect(files.map(({ filename, contentType, size }) => ({ filename, contentType, size }))).toEqual([
    { filename: 'screen.png', contentType: 'image/png', size: PNG.length },
    { filename: 'Résumé (final).pdf', contentType: 'application/pdf', size: PDF.length },
  ]);
  for (const file of files) expect(Object.keys(file).sort()).toEqual(['contentType', 'filename', 'id', 'size', 'url']);

  const pdf = await request.get(files[1].url, { headers: bearer() });
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-disposition']).toBe(`attachment; filename="R_sum_ (final).pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%28final%29.pdf`);
  expect(Buffer.from(await pdf.body())).toEqual(PDF);
  expect((await request.get(files[1].url)).status()).toBe(401);

  const before = (await adminApi(request, token).getTicket(ticket.id)).replies.length;
  const tooBig = await request.post(`/api/v1/tickets/${ticket.id}/replies`, {
    headers: bearer(),
    multipart: multipart({ message: 'too big' }, [
      { name: 'ok.txt', body: Buffer.from('ok') },
      { name: 'huge.bin', body: OVER_LIMIT },
    ]),
  });
  expect(tooBig.status()).toBe(413);
  expect((await tooBig.json()).error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('huge.bin') });
  expect((await adminApi(request, token).getTicket(ticket.id)).replies).toHaveLength(before);

  const eleven = await request.post(`/api/v1/tickets/${ticket.id}/replies`, {
    headers: bearer(),
    multipart: multipart(
      { message: 'too many' },
      Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, body: Buffer.from(`file ${i}`) })),
    ),
  });
  expect(eleven.status()).toBe(413);
  expect((await adminApi(request, token).getTicket(ticket.id)).replies).toHaveLength(before);

  expect((await request.delete(files[0].url, { headers: bearer() })).status()).toBe(204);
  expect((await request.get(files[0].url, { headers: bearer() })).status()).toBe(404);
  expect((await adminApi(request, token).getTicket(ticket.id)).replies[0].attachments.map((a: ApiAttachment) => a.id)).toEqual([files[1].id]);
});

test('the CLI backup copies the attachments with the database', async ({ request }) => {
  const content = Buffer.from(`backed-up file ${stamp}`);
  const created = await request.post('/api/v1/tickets', {
    headers: bearer(),
    multipart: multipart({ subject: unique('Backup files'), message: 'Keep my file', 'customer.email': `${unique('bk')}@files.test` }, [
      { name: 'keep.txt', body: content },
    ]),
  });
  expect(created.status()).toBe(201);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-backup-')), 'copy.db');
  expect(runCli(['backup', '--out', out])).toMatch(/attachment file\(s\) to .*copy-attachments/);
  const sha = createHash('sha256').update(content).digest('hex');
  expect(fs.readFileSync(path.join(path.dirname(out), 'copy-attachments', sha.slice(0, 2), sha))).toEqual(content);
});

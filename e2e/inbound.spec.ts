import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { deliverThroughResend, rfc822, signedWebhook, unique, type Mail } from './support/inbound-mail';
import { signIn } from './support/auth';
import { freePort, startDovecot, type TestImapServer } from './support/dovecot';
import { appUrl, captureUrl, inboundDataDir } from './support/env';
import { emailsTo, waitForEmail } from './support/mail';
import { parleyProcess, type ParleyProcess } from './support/parley-process';
import { startSmtpServer, type TestSmtpServer } from './support/smtp';

// Email in, end to end with real parts only: webhooks signed with the app's own secret (their messages served by the
// capture server through Resend's receiving API), a real Dovecot receiving APPENDs, and a real SMTP server
// receiving what Parley sends.

test.describe('email in through Resend', () => {
  let api: ReturnType<typeof adminApi>;
  let token: string;

  test.beforeAll(() => {
    token = createAdminToken('inbound e2e');
  });
  test.beforeEach(async ({ request }) => {
    api = adminApi(request, token);
    await api.updateSettings({ participantsEnabled: true, copyParticipants: true, autoAddParticipants: false, dmarcAuthservId: '' });
  });

  async function ticketWithParticipant(request: APIRequestContext) {
    const id = unique();
    const ticket = await api.createTicket({ subject: `Invoices ${id}`, message: 'The VAT number is missing.', customer: { email: `carol-${id}@acme.test`, name: 'Carol' } });
    const participant = await api.addParticipant(ticket.id, { email: `jane-${id}@contractor.test`, name: 'Jane' });
    const added = await waitForEmail(request, participant.email, 'You were added to');
    return { ticket, participant, replyTo: String([added.body.reply_to].flat()[0]) };
  }

  test('a participant’s emailed reply lands with the Participant badge and notifies the customer', async ({ request, page }) => {
    const { ticket, participant, replyTo } = await ticketWithParticipant(request);
    expect(replyTo).toMatch(/^reply\+.+@inbound\.parley\.test$/);
    const { response } = await deliverThroughResend(request, {
      from: `Jane <${participant.email}>`,
      to: replyTo,
      subject: `Re: [${ticket.number}] You were added to: ${ticket.subject}`,
      body: 'I will send the corrected invoice tomorrow.\n\nOn Wed, Parley wrote:\n> ## Reply above this line ##\n> Hello Jane',
    });
    expect(response.status()).toBe(200);
    const notice = await waitForEmail(request, ticket.customer.email, `[${ticket.number}] Re:`);
    expect(notice.body.text).toContain('I will send the corrected invoice tomorrow.');
    expect(notice.body.text).not.toContain('Hello Jane');
    expect(await emailsTo(request, participant.email)).toHaveLength(1);

    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    const reply = page.getByRole('article').filter({ hasText: 'I will send the corrected invoice tomorrow.' });
    await expect(reply.getByText('Participant', { exact: true })).toBeVisible();
    await reply.getByRole('link', { name: 'Show original' }).click();
    await expect(page.getByText('## Reply above this line ##')).toBeVisible();
  });

  test('a bad signature and a stale timestamp get 401 and add nothing', async ({ request }) => {
    const { ticket, replyTo } = await ticketWithParticipant(request);
    const emailId = `em_${unique()}`;
    await request.post(`${captureUrl}/__inbound`, { data: { id: emailId, raw: rfc822({ from: ticket.customer.email, to: replyTo, subject: 'Re', body: 'Forged?' }) } });
    const good = signedWebhook(emailId);
    const tampered = await request.post(`${appUrl}/api/inbound/resend`, { data: good.payload.replace('email.received', 'email.received '), headers: good.headers });
    expect(tampered.status()).toBe(401);
    const wrongKey = signedWebhook(emailId, new Date(), `whsec_${Buffer.from('not-the-secret-not-the-secret-01').toString('base64')}`);
    expect((await request.post(`${appUrl}/api/inbound/resend`, { data: wrongKey.payload, headers: wrongKey.headers })).status()).toBe(401);
    const stale = signedWebhook(emailId, new Date(Date.now() - 6 * 60_000));
    expect((await request.post(`${appUrl}/api/inbound/resend`, { data: stale.payload, headers: stale.headers })).status()).toBe(401);
    const unsigned = await request.post(`${appUrl}/api/inbound/resend`, { data: good.payload, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status()).toBe(401);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await api.getTicket(ticket.id)).replies.map((r: { body: string }) => r.body)).not.toContain('Forged?');
  });

  test('a redelivered webhook adds nothing', async ({ request }) => {
    const { ticket, participant, replyTo } = await ticketWithParticipant(request);
    const mail = { from: participant.email, to: replyTo, subject: `Re: [${ticket.number}] ${ticket.subject}`, body: `Only once ${unique()}` };
    const { emailId } = await deliverThroughResend(request, mail);
    await expect.poll(async () => (await api.getTicket(ticket.id)).replies.filter((r: { body: string }) => r.body === mail.body).length).toBe(1);
    const again = signedWebhook(emailId);
    expect((await request.post(`${appUrl}/api/inbound/resend`, { data: again.payload, headers: again.headers })).status()).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api.getTicket(ticket.id)).replies.filter((r: { body: string }) => r.body === mail.body)).toHaveLength(1);
  });

  test('a stranger is refused and listed with auto-add off, and becomes a participant with it on', async ({ request, page }) => {
    const { ticket, replyTo } = await ticketWithParticipant(request);
    const stranger = `sam-${unique()}@else.test`;
    await deliverThroughResend(request, { from: `Sam <${stranger}>`, to: replyTo, subject: 'Re: hi', body: 'Can I help?' });
    await signIn(page);
    await page.goto('/admin/inbound');
    const row = page.getByRole('row').filter({ hasText: stranger });
    await expect(row).toContainText('not the ticket’s customer');
    expect((await api.getTicket(ticket.id)).participants.map((p: { email: string }) => p.email)).not.toContain(stranger);

    await api.updateSettings({ autoAddParticipants: true });
    const other = `tom-${unique()}@else.test`;
    await deliverThroughResend(request, { from: `Tom <${other}>`, to: replyTo, subject: 'Re: hi', body: 'Count me in.' });
    await expect.poll(async () => (await api.getTicket(ticket.id)).participants.map((p: { email: string }) => p.email)).toContain(other);
    const last = (await api.getTicket(ticket.id)).replies.at(-1);
    expect(last).toMatchObject({ body: 'Count me in.', author: { kind: 'participant', email: other } });

    // The refused one: an admin adds the sender and applies the message.
    await page.reload();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Add ${stranger} as participant and apply` }).click();
    // Applied, it no longer needs attention: it leaves the list.
    await expect(row).toHaveCount(0);
    await expect.poll(async () => (await api.getTicket(ticket.id)).replies.map((r: { body: string }) => r.body)).toContain('Can I help?');
  });

  test('a forged In-Reply-To <ticket-N@…> from the customer’s address does not attach to that ticket', async ({ request }) => {
    const { ticket } = await ticketWithParticipant(request);
    const body = `Attach me ${unique()}`;
    await deliverThroughResend(request, { from: ticket.customer.email, to: 'support@inbound.parley.test', subject: 'Hello again', body, inReplyTo: `<ticket-${ticket.id}@localhost>` });
    await expect.poll(async () => (await api.findTickets(body)).length, { timeout: 15_000 }).toBe(1);
    const [other] = await api.findTickets(body);
    expect(other.id).not.toBe(ticket.id);
  });

  test('a colleague Cc’d on the customer’s first email who answers it lands on the same ticket', async ({ request }) => {
    // Joining as a participant needs a sender the team's receiving server vouched for (DMARC pass for acme.test).
    await api.updateSettings({ autoAddParticipants: true, dmarcAuthservId: 'mx.team.test' });
    const id = unique();
    const first = `<first-${id}@acme.test>`;
    const subject = `Printer on fire ${id}`;
    await deliverThroughResend(request, { from: `Carol <carol-${id}@acme.test>`, to: 'support@inbound.parley.test', cc: `Dave <dave-${id}@acme.test>`, subject, body: 'Smoke everywhere.', messageId: first });
    await expect.poll(async () => (await api.findTickets(subject)).length, { timeout: 15_000 }).toBe(1);
    const [ticket] = await api.findTickets(subject);
    await deliverThroughResend(request, { from: `dave-${id}@acme.test`, to: `support@inbound.parley.test, carol-${id}@acme.test`, subject: `Re: ${subject}`, body: 'It is the toner.', inReplyTo: first, headers: { 'Authentication-Results': 'mx.team.test; dmarc=pass header.from=acme.test' } });
    await expect.poll(async () => (await api.getTicket(ticket.id)).replies.map((r: { body: string }) => r.body)).toContain('It is the toner.');
    expect(await api.findTickets(subject)).toHaveLength(1);
  });

  test('an out-of-office reply notifies nobody', async ({ request }) => {
    const { ticket, replyTo } = await ticketWithParticipant(request);
    await api.reply(ticket.id, 'We are looking into it.');
    await waitForEmail(request, ticket.customer.email, `[${ticket.number}] Re:`);
    const before = (await emailsTo(request, ticket.customer.email)).length;
    await deliverThroughResend(request, { from: ticket.customer.email, to: replyTo, subject: 'Automatic reply: away', body: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await expect.poll(async () => (await api.getTicket(ticket.id)).replies.map((r: { body: string }) => r.body)).toContain('I am away until Monday.');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await emailsTo(request, ticket.customer.email)).toHaveLength(before);
    expect((await api.getTicket(ticket.id)).status).toBe('open');
  });

  test('a new email to the support address opens a ticket and the sender receives their link', async ({ request }) => {
    const sender = `newbie-${unique()}@home.test`;
    const subject = `Cannot log in ${unique()}`;
    await deliverThroughResend(request, { from: `Nina <${sender}>`, to: 'support@inbound.parley.test', subject, body: 'The portal says account locked.' });
    const received = await waitForEmail(request, sender, 'We received your request');
    expect(received.body.text).toContain(`${appUrl}/t/`);
    const [ticket] = await api.findTickets(subject);
    expect(await api.getTicket(ticket.id)).toMatchObject({ subject, customer: { email: sender, name: 'Nina' } });
  });
});

test.describe('email in through IMAP, out through SMTP', () => {
  let imap: TestImapServer;
  let smtp: TestSmtpServer;
  let parley: ParleyProcess;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    [imap, smtp] = await Promise.all([startDovecot(), startSmtpServer()]);
    parley = parleyProcess({
      port: await freePort(),
      dataDir: inboundDataDir,
      env: { IMAP_URL: imap.url, SMTP_URL: `${smtp.url}?ignoreTLS=true`, INBOUND_DOMAIN: 'inbound.parley.test', IMAP_RETRY_BASE_MS: '200', OUTBOX_RETRY_BASE_MS: '200', MAIL_FROM: 'Support <support@example.test>' },
    });
    await parley.start();
  });
  test.afterAll(async () => {
    await parley?.kill();
    await Promise.all([imap?.stop(), smtp?.stop()]);
  });

  const subjectsTo = (address: string) => smtp.messages.filter((m) => m.to && [m.to].flat().some((t) => t.value.some((v) => v.address === address))).map((m) => m.subject ?? '');

  test('mail appended to the mailbox opens a ticket; the sender gets their link by SMTP; the same message again adds nothing', async () => {
    const sender = `imap-${unique()}@home.test`;
    const raw = rfc822({ from: `Ida <${sender}>`, to: imap.user, subject: 'Broken printer', body: 'It prints blank pages.' });
    await imap.append(raw);
    await expect.poll(() => subjectsTo(sender), { timeout: 20_000 }).toEqual([expect.stringMatching(/We received your request: Broken printer/)]);
    const notice = smtp.messages.find((m) => [m.to].flat().some((t) => t?.value.some((v) => v.address === sender)))!;
    expect(notice.text).toContain(`${parley.url}/t/`);
    expect(notice.messageId).toMatch(/^<outbox-\d+\.\d+\.[0-9a-f]{20}@example\.test>$/);
    expect(notice.replyTo?.text).toMatch(/^reply\+.+@inbound\.parley\.test$/);

    // The same message again (a new UID, the same Message-ID): nothing new.
    await imap.append(raw);
    await new Promise((r) => setTimeout(r, 3000));
    expect(subjectsTo(sender)).toHaveLength(1);
  });

  test('a restart of the server mid-stream loses and repeats nothing', async () => {
    test.setTimeout(120_000);
    const batch = unique();
    const senders = Array.from({ length: 6 }, (_, i) => `restart-${batch}-${i}@home.test`);
    for (const sender of senders.slice(0, 3)) await imap.append(rfc822({ from: sender, to: imap.user, subject: `Restart ${batch}`, body: `From ${sender}` }));
    // Crash while those are being taken, then more mail arrives while the server is down.
    await parley.kill();
    for (const sender of senders.slice(3)) await imap.append(rfc822({ from: sender, to: imap.user, subject: `Restart ${batch}`, body: `From ${sender}` }));
    await parley.start();
    for (const sender of senders) {
      await expect.poll(() => subjectsTo(sender).length, { timeout: 30_000, message: `the receipt to ${sender}` }).toBe(1);
    }
    await new Promise((r) => setTimeout(r, 3000));
    for (const sender of senders) expect(subjectsTo(sender)).toHaveLength(1);
  });
});

import http from 'node:http';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminApi, createAdminToken } from './support/admin-api';
import { signIn } from './support/auth';
import { runCli } from './support/cli';
import { admin, appUrl, mailboxAppUrl } from './support/env';

// Issue 10: what the hostile test pass found, checked against the production build.

let token: string;
test.beforeAll(() => {
  token = createAdminToken('hardening e2e');
});

const stamp = Date.now();
let addressCounter = 0;
/** A browser page from its own client address, so per-address sign-in limits never interfere. */
async function visitor(browser: Browser, baseURL = appUrl): Promise<Page> {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': `198.51.100.${150 + (++addressCounter % 100)}` } });
  return context.newPage();
}

/** One raw HTTP request (methods and bodies a browser or fetch would refuse to send). */
function rawRequest(method: string, path: string, { headers = {}, body }: { headers?: Record<string, string>; body?: Buffer | string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const url = new URL(appUrl);
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test.describe('sign-in redirects', () => {
  for (const target of ['/%5C127.0.0.2:9/x', '/\\127.0.0.2:9/x', '/%09/127.0.0.2:9/x', '/%5C/127.0.0.2:9/x', '//127.0.0.2:9/x', 'http://127.0.0.2:9/x']) {
    test(`a callbackUrl of ${target} stays on Parley`, async ({ browser }) => {
      const page = await visitor(browser);
      await page.goto(`/login?callbackUrl=${target}`);
      await page.getByLabel('Email').fill(admin.email);
      await page.getByLabel('Password').fill(admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(`${appUrl}/tickets`);
      await page.context().close();
    });
  }

  test('a same-site callbackUrl is followed', async ({ browser }) => {
    const page = await visitor(browser);
    await page.goto('/login?callbackUrl=%2Fcustomers%3Fq%3Dx');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${appUrl}/customers?q=x`);
    await page.context().close();
  });
});

test('a password reset, a role change and “Sign out everywhere” each end every session of that agent at once', async ({ browser }) => {
  // Eight sign-ins, each a bcrypt comparison on a shared CI machine.
  test.setTimeout(180_000);
  const email = `sessions-${stamp}@parley.test`;
  const name = `Session Sam ${stamp}`;
  runCli(['create-agent', '--email', email, '--name', name, '--password', 'first-password-1']);
  let password = 'first-password-1';
  const expectSignedOut = async (page: Page) => {
    await page.goto('/tickets');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  };

  const adminPage = await visitor(browser);
  await signIn(adminPage);
  await adminPage.goto('/admin/agents');
  const row = adminPage.getByRole('row').filter({ hasText: email });

  // A password reset by an admin.
  const laptop = await visitor(browser);
  await signIn(laptop, { email, password });
  await row.getByText('Reset password').click();
  password = 'second-password-2';
  await row.getByLabel(`New password for ${name}`).fill(password);
  await row.getByRole('button', { name: 'Save password' }).click();
  await expect(row.getByRole('status').filter({ hasText: 'Password reset.' })).toBeVisible();
  await expectSignedOut(laptop);

  // A role change.
  await signIn(laptop, { email, password });
  await row.getByRole('button', { name: `Make ${name} an admin` }).click();
  await expect(row.getByRole('status').filter({ hasText: 'is now an admin' })).toBeVisible();
  await expectSignedOut(laptop);

  // "Sign out everywhere" on the agent's own page ends the other browser's session too.
  await signIn(laptop, { email, password });
  const phone = await visitor(browser);
  await signIn(phone, { email, password });
  await laptop.getByRole('link', { name }).click();
  await expect(laptop.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await laptop.getByRole('button', { name: 'Sign out everywhere' }).click();
  await laptop.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
  await expect(laptop).toHaveURL(/\/login/);
  await expectSignedOut(phone);
  await expectSignedOut(laptop);
  // Signing in again works as before.
  await signIn(phone, { email, password });
  for (const page of [adminPage, laptop, phone]) await page.context().close();
});

test.describe('security headers', () => {
  test('pages carry a nonce-based CSP, fresh per request, on every script Next.js renders', async ({ request }) => {
    const first = await request.get('/login');
    const second = await request.get('/login');
    const csp = first.headers()['content-security-policy'];
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers()['content-security-policy']).not.toContain(nonce);
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "'strict-dynamic'"]) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe-eval');
    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    expect(first.headers()).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'DENY',
    });
    expect(first.headers()['permissions-policy']).toContain('camera=()');
    // Served over http here: no HSTS (the https case is a unit test of lib/web/security-headers.ts).
    expect(first.headers()['strict-transport-security']).toBeUndefined();
  });

  test('personal links are never passed on in a Referer; API answers are never cached', async ({ request }) => {
    for (const path of ['/t/garbage', '/unsubscribe/garbage']) expect((await request.get(path)).headers()['referrer-policy']).toBe('no-referrer');
    const api = await request.get('/api/v1/tickets', { headers: { Authorization: `Bearer ${token}` } });
    expect(api.status()).toBe(200);
    expect(api.headers()['cache-control']).toBe('no-store');
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('every page works under the CSP in Chromium, the sandboxed email previews included, with no violation', async ({ browser, request }) => {
    test.setTimeout(180_000);
    const api = adminApi(request, token);
    const ticket = await api.createTicket({
      subject: `CSP check ${stamp}`,
      message: 'Checking every page under the policy.',
      customer: { email: `csp-${stamp}@customer.test`, name: 'Cass Policy', company: `CSP Co ${stamp}` },
    });
    const violations: string[] = [];
    const watch = (page: Page) => {
      page.on('console', (message) => {
        // The Permissions-Policy header too: a feature Chromium does not know is an error on every page.
        if (/Content Security Policy|Content-Security-Policy|Permissions-Policy|Unrecognized feature/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => violations.push(`${page.url()}: ${error.message}`));
    };

    const guest = await visitor(browser);
    watch(guest);
    await guest.goto('/submit');
    await expect(guest.getByRole('button', { name: 'Submit ticket' })).toBeVisible();
    await guest.goto(ticket.customer.ticketUrl);
    await expect(guest.getByRole('button', { name: 'Send reply' })).toBeVisible();
    await guest.getByLabel('Message').fill('A reply under the CSP.');
    await guest.getByRole('button', { name: 'Send reply' }).click();
    await expect(guest.getByRole('status').filter({ hasText: 'Your reply was sent.' })).toBeVisible();

    const agent = await visitor(browser);
    watch(agent);
    await signIn(agent);
    for (const path of ['/tickets', `/tickets/${ticket.id}`, '/tickets/new', '/customers', `/customers/${ticket.customer.id}`, '/companies', '/admin/agents', '/admin/tokens', '/admin/mailbox', '/account']) {
      await agent.goto(path);
      await expect(agent.getByRole('heading', { level: 1 }).first()).toBeVisible();
    }
    await agent.goto(`/tickets/${ticket.id}`);
    await agent.getByRole('link', { name: 'Customers' }).click();
    await expect(agent).toHaveURL(/\/customers$/);
    await agent.goto('/admin/settings/emails');
    await agent.getByLabel('Template').selectOption({ label: 'Ticket closed' });
    await agent.getByRole('button', { name: 'Preview' }).click();
    await expect(agent.frameLocator('iframe[title="Email preview"]').getByText('Hello Alex Example,')).toBeVisible();

    // The local mailbox (the app without a Resend key) shows each message's HTML in a sandboxed srcdoc frame.
    const mailboxAdmin = await visitor(browser, mailboxAppUrl);
    watch(mailboxAdmin);
    await mailboxAdmin.goto('/submit');
    await mailboxAdmin.getByLabel('Email').fill(`mailbox-csp-${stamp}@customer.test`);
    await mailboxAdmin.getByLabel('Subject').fill(`Mailbox CSP ${stamp}`);
    await mailboxAdmin.getByLabel('Message').fill('Is the HTML version shown?');
    await mailboxAdmin.getByRole('button', { name: 'Submit ticket' }).click();
    await expect(mailboxAdmin.getByRole('status').filter({ hasText: 'Your ticket number is' })).toBeVisible();
    await signIn(mailboxAdmin);
    await mailboxAdmin.goto('/admin/mailbox');
    const message = mailboxAdmin.getByRole('link', { name: new RegExp(`We received your request: Mailbox CSP ${stamp}`) });
    await expect(async () => {
      await mailboxAdmin.reload();
      await expect(message).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await message.click();
    await expect(mailboxAdmin.frameLocator('iframe[title="HTML version"]').getByText(/^Hello /)).toBeVisible();

    expect(violations).toEqual([]);
    for (const page of [guest, agent, mailboxAdmin]) await page.context().close();
  });
});

test.describe('malformed requests get a 4xx with a clear message', () => {
  test('methods and addresses Next.js cannot take', async () => {
    const trace = await rawRequest('TRACE', '/api/v1/tickets');
    expect(trace.status).toBe(405);
    expect(JSON.parse(trace.body).error.message).toBe('The TRACE method is not allowed.');
    expect(trace.headers.allow).toContain('GET');
    for (const path of ['/t/%ff%fe', '/unsubscribe/%ff', '/api/v1/tickets/%c3']) {
      const answer = await rawRequest('GET', path);
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body).error.message).toBe('The address of this request is not valid.');
    }
    const callback = await rawRequest('GET', '/api/auth/callback/credentials');
    expect(callback.status).toBe(405);
    expect(JSON.parse(callback.body).error).toMatchObject({ code: 'method_not_allowed', message: 'Sign in with a POST of the sign-in form.' });
  });

  test('broken, oversized and deeply nested server-action bodies', async ({ page }) => {
    // Learn the id of the public form's action from a real submission.
    await page.goto('/submit');
    const submission = page.waitForRequest((request) => request.method() === 'POST' && !!request.headers()['next-action']);
    await page.getByRole('button', { name: 'Submit ticket' }).click();
    const actionId = (await submission).headers()['next-action'];
    const post = (contentType: string, body: string | Buffer) =>
      rawRequest('POST', '/submit', { headers: { 'Next-Action': actionId, 'Content-Type': contentType }, body });

    const broken = await post('multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data; name="1_subject"\r\n\r\nhello');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.message).toBe('The form data could not be read.');
    expect((await post('multipart/form-data', 'abc')).status).toBe(400);

    const tooLarge = await post('text/plain;charset=UTF-8', Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error.message).toMatch(/too large/);

    const deep = await post('text/plain;charset=UTF-8', '['.repeat(50_000) + ']'.repeat(50_000));
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.body).error.message).toBe('The form data is nested too deeply.');
    expect((await post('text/plain;charset=UTF-8', '[{')).status).toBe(400);
  });
});

test.describe('refused personal links', () => {
  test('tampered, garbage and revoked links answer 404 with the same neutral page and fresh-link form', async ({ browser, request }) => {
    const api = adminApi(request, token);
    await api.updateSettings({ participantsEnabled: true });
    const ticket = await api.createTicket({
      subject: `Refused links ${stamp}`,
      message: 'Which links open me?',
      customer: { email: `refused-${stamp}@customer.test`, name: 'Rita Refused' },
    });
    const guest = await api.addParticipant(ticket.id, { email: `refused-guest-${stamp}@guest.test`, name: 'Gil Gone' });
    await api.removeParticipant(ticket.id, guest.id);
    const url = ticket.customer.ticketUrl as string;
    const tampered = url.slice(0, -3) + (url.endsWith('AAA') ? 'BBB' : 'AAA');
    const page = await visitor(browser);
    for (const link of [tampered, `${appUrl}/t/garbage`, `${appUrl}/t/${'9'.repeat(20)}`, guest.ticketUrl as string]) {
      const response = await page.goto(link);
      expect(response?.status(), link).toBe(404);
      await expect(page).toHaveTitle('Link refused · Parley');
      await expect(page.getByRole('heading', { name: 'This link cannot open the ticket' })).toBeVisible();
      await expect(page.getByText('This link is not valid or no longer works.')).toBeVisible();
      await expect(page.getByText(ticket.subject)).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Email me a fresh link' })).toBeVisible();
    }
    // The form still answers, the same way, from a 404 page.
    await page.getByLabel('Email').fill(`refused-${stamp}@customer.test`);
    await page.getByRole('button', { name: 'Email me a fresh link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'If that address is on this ticket, we have emailed it a fresh link.' })).toBeVisible();
    // A working link still answers 200 with the ticket's title.
    const ok = await page.goto(url);
    expect(ok?.status()).toBe(200);
    await expect(page).toHaveTitle(`${ticket.number} ${ticket.subject} · Parley`);
    await page.context().close();
  });
});

import { expect, test, type Page } from '@playwright/test';
import { buildActions, callAction, actionOutcome } from './support/actions';
import { appUrl } from './support/env';
import { printFigure } from './support/figures';
import { api } from './support/http';
import { linkToken, readWorld } from './support/world';

// Stored XSS: a payload in every field a person can type (customers and visitors through the public forms and their
// links, agents through forms and the API, admins in settings), then every page that shows them, opened in
// Chromium. Each payload marks what it would inject with data-xss and would raise a dialog if it ran.

const payloads = [
  '<img src=x onerror=alert(1) data-xss>',
  '"><svg onload=alert(2) data-xss>',
  '</title><script data-xss>alert(3)</script>',
  'javascript:alert(4)',
  '<iframe data-xss srcdoc="<script>parent.alert(5)</script>">',
  "'-alert(6)-'<a href=javascript:alert(7) data-xss>x</a>",
];
const long = payloads.join(' ');
// Fields without spaces (ticket number prefix and suffix, at most 20 characters).
const compact = ['<b/data-xss>', '"><i/data-xss>'];

async function injectedOn(page: Page): Promise<number> {
  let count = 0;
  for (const frame of page.frames()) {
    count += await frame.evaluate(
      () =>
        document.querySelectorAll('[data-xss]').length +
        document.querySelectorAll('a[href^="javascript:" i], iframe[srcdoc*="alert"]').length +
        ((window as unknown as { __xss?: number }).__xss ? 1 : 0),
    ).catch(() => 0);
  }
  return count;
}

test('stored XSS: payloads in every typed field, no dialog and no injected element on any page', async ({ browser }) => {
  const w = readWorld();
  const actions = buildActions();
  const adminApi = (method: string, path: string, data?: unknown) => api(appUrl, w.adminToken, method, path, data);
  const act = async (key: string, page: string, fields: Record<string, string>, cookie?: string) => {
    const reply = await callAction(appUrl, { actionId: actions.get(key)!.id, page, fields, cookie });
    expect(actionOutcome(reply), `${key}: ${reply.body.slice(0, 300)}`).toBe('ok');
  };
  const unique = Date.now().toString(36);

  // Typed by visitors and customers.
  await act('app/submit/actions.ts#submitTicketAction', '/submit', { name: payloads[0].slice(0, 120), email: `xss-visitor-${unique}@example.test`, subject: payloads[1], message: long });
  // Typed by agents and admins.
  const { ticket } = (await adminApi('POST', '/api/v1/tickets', {
    subject: `XSS ${unique} ${payloads[2]}`.slice(0, 200),
    message: long,
    customer: { email: `xss-${unique}@example.test`, name: payloads[1], company: `${payloads[0]} ${unique}` },
  })) as { ticket: { id: number; customer: { id: number; ticketUrl: string } } };
  await adminApi('POST', `/api/v1/tickets/${ticket.id}/replies`, { message: long });
  await adminApi('POST', `/api/v1/tickets/${ticket.id}/replies`, { message: `${long} (note)`, private: true });
  const { participant } = (await adminApi('POST', `/api/v1/tickets/${ticket.id}/participants`, { email: `xss-guest-${unique}@example.test`, name: payloads[4].slice(0, 120) })) as { participant: { ticketUrl: string } };
  const customerLink = linkToken(ticket.customer.ticketUrl);
  await act('app/t/[token]/actions.ts#sendLinkReplyAction', `/t/${customerLink}`, { token: customerLink, email: `xss-${unique}@example.test`, message: long });
  await act('app/(agent)/tickets/actions.ts#createTicketAction', '/tickets/new', { customerEmail: `xss-form-${unique}@example.test`, customerName: payloads[3], company: payloads[5].slice(0, 160), subject: payloads[5], message: long }, w.adminCookie);
  await act('app/(agent)/customers/actions.ts#createCustomerAction', '/customers', { name: payloads[2], email: `xss-customer-${unique}@example.test`, companyId: '', company: `${payloads[3]} ${unique}` }, w.adminCookie);
  await act('app/(agent)/companies/actions.ts#createCompanyAction', '/companies', { name: `${payloads[4]} ${unique}`.slice(0, 160) }, w.adminCookie);
  await act('app/(agent)/admin/agents/actions.ts#createAgentAction', '/admin/agents', { name: payloads[0], email: `xss-agent-${unique}@parley.test`, password: 'xss-agent-password', role: 'agent' }, w.adminCookie);
  await act('app/(agent)/admin/tokens/actions.ts#createApiTokenAction', '/admin/tokens', { label: payloads[1].slice(0, 80) }, w.adminCookie);
  await act('app/(agent)/admin/settings/email-actions.ts#saveEmailTemplateAction', '/admin/settings/emails', { key: 'ticket_closed', subject: `${payloads[2]} {ticket_id}`, body: `${long}\n{ticket_url}` }, w.adminCookie);
  await adminApi('PATCH', '/api/v1/settings', { siteName: payloads[1], ticketPrefix: compact[0], ticketSuffix: compact[1] });

  const companyId = ((await adminApi('GET', `/api/v1/companies?q=${encodeURIComponent(unique)}`)) as { companies: { id: number }[] }).companies[0].id;
  const reflected = encodeURIComponent(payloads[1]);
  const pages = {
    admin: [
      '/tickets',
      `/tickets?q=${reflected}`,
      `/tickets/${ticket.id}`,
      '/tickets/new',
      '/customers',
      `/customers?q=${reflected}`,
      `/customers/${ticket.customer.id}`,
      '/companies',
      `/companies/${companyId}`,
      '/admin/agents',
      '/admin/tokens',
      '/admin/settings',
      '/admin/settings/tickets',
      '/admin/settings/emails',
      '/admin/settings/inbound',
      '/admin/inbound?show=all',
      '/admin/mailbox',
    ],
    visitor: [
      `/t/${customerLink}`,
      `/t/${linkToken(participant.ticketUrl)}`,
      `/t/${customerLink.slice(0, -3)}AAA`,
      '/submit',
      '/login',
      `/login?error=${reflected}&callbackUrl=javascript:alert(8)`,
      `/unsubscribe/${ticket.id}-c${ticket.customer.id}-${'0'.repeat(20)}`,
    ],
  };

  let dialogs = 0;
  let injected = 0;
  const findings: string[] = [];
  try {
    for (const [who, paths] of Object.entries(pages)) {
      const context = await browser.newContext({ baseURL: appUrl });
      if (who === 'admin') {
        const [name, value] = w.adminCookie.split(/=(.*)/s);
        await context.addCookies([{ name, value, url: appUrl }]);
      }
      const page = await context.newPage();
      page.on('dialog', (dialog) => {
        dialogs += 1;
        findings.push(`dialog "${dialog.message()}" on ${page.url()}`);
        void dialog.dismiss();
      });
      for (const path of paths) {
        await page.goto(path, { waitUntil: 'load' });
        // Hydration and effects run after load; give injected handlers the chance to fire.
        await page.waitForTimeout(150);
        const found = await injectedOn(page);
        if (found > 0) findings.push(`${found} injected element(s) on ${path}`);
        injected += found;
      }
      await context.close();
    }
  } finally {
    await adminApi('PATCH', '/api/v1/settings', { siteName: 'Parley', ticketPrefix: 'PAR-', ticketSuffix: '' });
  }
  const pageCount = pages.admin.length + pages.visitor.length;
  printFigure('xss', `${payloads.length} payloads in every typed field, ${pageCount} pages, ${dialogs} dialogs, ${injected} injected elements`);
  expect(findings).toEqual([]);
});

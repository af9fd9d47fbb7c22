// GET /unsubscribe/:token – confirm page; POST /unsubscribe/:token – stop emails about one ticket (RFC 8058 one-click)
// One route answers both because mail providers POST `List-Unsubscribe=One-Click` to the very URL a person may open.
import { getSettings } from '@/lib/core/settings';
import { resolveUnsubscribeToken, unsubscribeWithToken, type UnsubscribeTarget } from '@/lib/participants/ticket-emails';

type Params = { params: Promise<{ token: string }> };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A small standalone page: people arrive here from their mail client, outside the app. */
function page(status: number, title: string, content: string): Response {
  const siteName = escapeHtml(getSettings().siteName);
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} – ${siteName}</title>
<style>
body{margin:0;background:#f8fafc;color:#0f172a;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{background:#fff;border-bottom:1px solid #e2e8f0;padding:16px}header p{max-width:40rem;margin:0 auto;font-size:18px;font-weight:600}
main{max-width:40rem;margin:32px auto;padding:24px;background:#fff;border:1px solid #e2e8f0;border-radius:8px}
h1{font-size:20px;margin:0 0 8px}button{margin-top:12px;background:#4f46e5;color:#fff;border:0;border-radius:6px;padding:8px 14px;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#4338ca}
</style></head>
<body><header><p>${siteName}</p></header><main>${content}</main></body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' },
  });
}

const invalid = () =>
  page(404, 'Link not valid', '<h1>This unsubscribe link is not valid</h1><p>It may have been copied incompletely. Use the link in a recent email.</p>');

const done = (target: UnsubscribeTarget) =>
  page(
    200,
    'Unsubscribed',
    `<h1>You will no longer get emails about ticket ${escapeHtml(target.ticketNumber)}</h1>
<p>You can still open the ticket with your personal link, and turn emails back on there with “Notify me about this ticket”.</p>`,
  );

export async function GET(_request: Request, { params }: Params) {
  const { token } = await params;
  const target = resolveUnsubscribeToken(token);
  if (!target) return invalid();
  return page(
    200,
    'Stop emails',
    `<h1>Stop emails about ticket ${escapeHtml(target.ticketNumber)}?</h1>
<p>You will no longer be emailed about this ticket. Your access to it does not change.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Stop emails about this ticket</button></form>`,
  );
}

export async function POST(_request: Request, { params }: Params) {
  const { token } = await params;
  const target = unsubscribeWithToken(token);
  return target ? done(target) : invalid();
}

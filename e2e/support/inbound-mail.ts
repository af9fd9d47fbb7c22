import type { APIRequestContext } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { appUrl, captureUrl, inboundWebhookSecret } from './env';

// Email in through Resend for the e2e tests: a raw message held by the capture server, announced by a webhook signed
// with the app's own secret, exactly as Resend delivers one.

let run = 0;
export const unique = () => `${Date.now()}-${++run}`;

export type Mail = { from: string; to: string; cc?: string; subject: string; body: string; messageId?: string; inReplyTo?: string; headers?: Record<string, string> };

export function rfc822(m: Mail): string {
  return [
    `From: ${m.from}`,
    `To: ${m.to}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    `Message-ID: ${m.messageId ?? `<${unique()}@mail.e2e.test>`}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`, `References: ${m.inReplyTo}`] : []),
    `Date: ${new Date().toUTCString()}`,
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body,
    '',
  ].join('\r\n');
}

export function signedWebhook(emailId: string, at = new Date(), secret = inboundWebhookSecret) {
  const payload = JSON.stringify({ type: 'email.received', created_at: at.toISOString(), data: { email_id: emailId } });
  const id = `msg_${unique()}`;
  const signature = new Webhook(secret).sign(id, at, payload);
  return { payload, headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature } };
}

/** Resend receives `mail`: the capture server holds it and the signed webhook announces it. Returns the response. */
export async function deliverThroughResend(request: APIRequestContext, mail: Mail | string, emailId = `em_${unique()}`) {
  await request.post(`${captureUrl}/__inbound`, { data: { id: emailId, raw: typeof mail === 'string' ? mail : rfc822(mail) } });
  const { payload, headers } = signedWebhook(emailId);
  const response = await request.post(`${appUrl}/api/inbound/resend`, { data: payload, headers });
  return { response, emailId };
}


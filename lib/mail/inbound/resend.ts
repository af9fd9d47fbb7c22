import 'server-only';
import MailComposer from 'nodemailer/lib/mail-composer';
import { Resend, type GetReceivingEmailResponseSuccess } from 'resend';
import type { Db } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { storeInboundMessage } from '@/lib/mail/inbound/intake';

// Resend inbound: the `email.received` webhook names an email; its signature is checked against the raw body (with
// the SDK's webhooks.verify, which also refuses timestamps more than five minutes off), the full message is fetched
// through the SDK's receiving API (honouring RESEND_BASE_URL), stored, and only then acknowledged with 200.
// A failure to fetch or store answers 503, so Resend delivers the webhook again later.

export type WebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };

/** Resend signs with Svix headers; the Standard Webhooks names are accepted too. */
export function webhookHeadersFrom(headers: Headers): WebhookHeaders {
  return {
    id: headers.get('svix-id') ?? headers.get('webhook-id'),
    timestamp: headers.get('svix-timestamp') ?? headers.get('webhook-timestamp'),
    signature: headers.get('svix-signature') ?? headers.get('webhook-signature'),
  };
}

type ReceivedEvent = { type: string; data?: { email_id?: string } };

export async function receiveResendWebhook(db: Db, payload: string, headers: WebhookHeaders): Promise<{ stored: boolean; id?: number; ignored?: string }> {
  const env = getEnv();
  if (!env.RESEND_WEBHOOK_SECRET) throw new AppError('not_found', 'Resend inbound is not configured (RESEND_WEBHOOK_SECRET).');
  if (!headers.id || !headers.timestamp || !headers.signature) throw new AppError('unauthorized', 'Missing webhook signature.');
  const resend = new Resend(env.RESEND_API_KEY ?? 're_unset');
  let event: ReceivedEvent;
  try {
    event = resend.webhooks.verify({
      payload,
      headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
      webhookSecret: env.RESEND_WEBHOOK_SECRET,
    }) as ReceivedEvent;
  } catch {
    throw new AppError('unauthorized', 'Invalid or expired webhook signature.');
  }
  if (event.type !== 'email.received') return { stored: false, ignored: `event ${event.type}` };
  const emailId = event.data?.email_id;
  if (!emailId) throw new AppError('bad_request', 'The event names no email_id.');
  if (!env.RESEND_API_KEY) throw new AppError('unavailable', 'RESEND_API_KEY is needed to fetch received emails.');

  const { data, error } = await resend.emails.receiving.get(emailId);
  if (error || !data) throw new AppError('unavailable', `Resend could not give email ${emailId}: ${error?.message ?? 'no data'}`);
  const raw = await rawMessageOf(data);
  const result = storeInboundMessage(db, { source: 'resend', sourceId: emailId, raw });
  return { stored: result.stored, id: result.id };
}

/** The message as it arrived (Resend's raw download), or rebuilt from its parts when Resend offers no raw copy. */
async function rawMessageOf(email: GetReceivingEmailResponseSuccess): Promise<Buffer> {
  if (email.raw?.download_url) {
    const response = await fetch(email.raw.download_url);
    if (!response.ok) throw new AppError('unavailable', `Downloading the raw email failed with ${response.status}.`);
    return Buffer.from(await response.arrayBuffer());
  }
  const headers = Object.entries(email.headers ?? {}).filter(([name]) => !/^(content-|mime-version$)/i.test(name));
  return new MailComposer({
    from: email.from,
    to: email.to,
    cc: email.cc ?? undefined,
    subject: email.subject,
    messageId: email.message_id,
    date: new Date(email.created_at),
    text: email.text ?? undefined,
    html: email.html ?? undefined,
    headers: Object.fromEntries(headers),
  })
    .compile()
    .build();
}

import 'server-only';
import { eq, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { Resend } from 'resend';
import { mailbox } from '@/db/schema';
import { getDb, preparedOnce, type Db } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';

// The one way Parley sends an email: Resend when RESEND_API_KEY is set, else the team's own server when SMTP_URL is
// set, otherwise the local mailbox that admins read at /admin/mailbox (and whose links the server log prints), so a
// fresh install works with no setup.

export type OutgoingEmail = {
  outboxId: number;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  replyTo: string | null;
  headers: Record<string, string>;
  // Printed to the server log by the local mailbox so a newcomer can click them.
  links: string[];
};

export type MailTransportKind = 'resend' | 'smtp' | 'mailbox';
export type SendResult = { providerId: string | null; transport: MailTransportKind };

/** Which way mail leaves, in order of precedence: Resend, SMTP, the local mailbox. */
export function activeTransport(): MailTransportKind {
  const env = getEnv();
  return env.RESEND_API_KEY ? 'resend' : env.SMTP_URL ? 'smtp' : 'mailbox';
}

/** A failed send; permanent ones (the provider refused the message itself) are not retried. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

export async function sendEmail(email: OutgoingEmail, { idempotencyKey }: { idempotencyKey: string }): Promise<SendResult> {
  const { RESEND_API_KEY, SMTP_URL } = getEnv();
  if (RESEND_API_KEY) return sendWithResend(RESEND_API_KEY, email, idempotencyKey);
  if (SMTP_URL) return sendWithSmtp(SMTP_URL, email);
  return deliverToMailbox(email);
}

/**
 * Through the team's own mail server. SMTP has no idempotency key; the row's Message-ID, the same on every retry,
 * is what lets mail systems and clients recognise a message that a lost reply made us send twice.
 */
async function sendWithSmtp(url: string, email: OutgoingEmail): Promise<SendResult> {
  const { 'Message-ID': messageId, ...headers } = email.headers;
  const transport = nodemailer.createTransport(url);
  try {
    const info = await transport.sendMail({
      from: email.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId,
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      headers,
    });
    return { providerId: info.messageId ?? messageId ?? null, transport: 'smtp' };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    // 5xx: the server refused this message for good (a bad address); anything else may pass later.
    throw new MailSendError(`SMTP${code ? ` ${code}` : ''}: ${error instanceof Error ? error.message : String(error)}`, code !== undefined && code >= 500);
  } finally {
    transport.close();
  }
}

async function sendWithResend(apiKey: string, email: OutgoingEmail, idempotencyKey: string): Promise<SendResult> {
  // Made per send: the SDK reads RESEND_BASE_URL when a client is constructed.
  const resend = new Resend(apiKey);
  const { data, error } = await resend.emails.send(
    {
      from: email.from,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      headers: email.headers,
    },
    { idempotencyKey },
  );
  if (!error) return { providerId: data?.id ?? null, transport: 'resend' };
  // This row's key was already used with other content: an earlier attempt of this very message got through.
  if (error.name === 'invalid_idempotent_request') return { providerId: null, transport: 'resend' };
  const status = (error as { statusCode?: number | null }).statusCode ?? null;
  const permanent = status === 400 || status === 422;
  throw new MailSendError(`Resend${status ? ` ${status}` : ''} ${error.name}: ${error.message}`, permanent);
}

// Prepared once per connection: the outbox worker stores every message through these two.
const mailboxCopyOf = (db: Db) =>
  db
    .select({ id: mailbox.id })
    .from(mailbox)
    .where(eq(mailbox.outboxId, sql.placeholder('outboxId')))
    .prepare();
const storeInMailbox = (db: Db) =>
  db
    .insert(mailbox)
    .values({
      outboxId: sql.placeholder('outboxId'),
      fromAddress: sql.placeholder('fromAddress'),
      toAddress: sql.placeholder('toAddress'),
      subject: sql.placeholder('subject'),
      html: sql.placeholder('html'),
      text: sql.placeholder('text'),
      headers: sql.placeholder('headers'),
      createdAt: sql.placeholder('createdAt'),
    })
    .returning({ id: mailbox.id })
    .prepare();

function deliverToMailbox(email: OutgoingEmail): SendResult {
  const db = getDb();
  // A retried row whose earlier attempt reached the mailbox is not stored twice.
  const existing = preparedOnce(db, mailboxCopyOf).get({ outboxId: email.outboxId });
  const row =
    existing ??
    preparedOnce(db, storeInMailbox).get({
      outboxId: email.outboxId,
      fromAddress: email.from,
      toAddress: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: JSON.stringify({ ...(email.replyTo ? { 'Reply-To': email.replyTo } : {}), ...email.headers }),
      createdAt: new Date(),
    })!;
  if (!existing) {
    const lines = [`parley: mail to ${email.to}: ${email.subject} (local mailbox: ${getEnv().APP_URL}/admin/mailbox/${row.id})`];
    for (const link of email.links) lines.push(`  ${link}`);
    console.log(lines.join('\n'));
  }
  return { providerId: `mailbox-${row.id}`, transport: 'mailbox' };
}

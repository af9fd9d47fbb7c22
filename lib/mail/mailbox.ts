import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { mailbox, type Agent, type MailboxMessage } from '@/db/schema';
import { getDb } from '@/lib/core/db';
import { forbidden, notFound } from '@/lib/core/errors';
import { canReadMailbox } from '@/lib/auth/policy';
import { cappedTotal } from '@/lib/core/word-search';

// The local mailbox: where mail goes when no RESEND_API_KEY is set, read by admins at /admin/mailbox.

export const MAILBOX_PAGE_SIZE = 25;

export function listMailboxMessages({ agent, page = 1 }: { agent: Agent; page?: number }) {
  if (!canReadMailbox(agent)) throw forbidden('Only administrators can read the mailbox.');
  const db = getDb();
  const newestFirst = [desc(mailbox.createdAt), desc(mailbox.id)];
  const messages = db
    .select({ id: mailbox.id, toAddress: mailbox.toAddress, subject: mailbox.subject, createdAt: mailbox.createdAt })
    .from(mailbox)
    .orderBy(...newestFirst)
    .limit(MAILBOX_PAGE_SIZE)
    .offset((page - 1) * MAILBOX_PAGE_SIZE)
    .all();
  const counted = cappedTotal(db.select({ id: mailbox.id }).from(mailbox).orderBy(...newestFirst).$dynamic(), { page, pageSize: MAILBOX_PAGE_SIZE });
  return { messages, ...counted, page, pageSize: MAILBOX_PAGE_SIZE };
}

export function getMailboxMessage({ agent, id }: { agent: Agent; id: number }): MailboxMessage & { headerList: [string, string][] } {
  if (!canReadMailbox(agent)) throw forbidden('Only administrators can read the mailbox.');
  const message = getDb().select().from(mailbox).where(eq(mailbox.id, id)).get();
  if (!message) throw notFound('Message');
  let headers: Record<string, string> = {};
  try {
    headers = JSON.parse(message.headers) as Record<string, string>;
  } catch {
    // Shown without headers rather than not at all.
  }
  return { ...message, headerList: Object.entries(headers) };
}

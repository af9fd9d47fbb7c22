import 'server-only';
import type { Reply } from '@/db/schema';
import { personLabel, recipientPeopleByReply } from '@/lib/tickets/audience';
import { listReplyEmailRecipients } from '@/lib/tickets/notifications';

// The reply box's confirmation names who received the reply: the people emailed about it (queued with it), and for a
// side reply the people it is for.

const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** "Reply sent to Carol Chen and Frank Li", "Side reply sent to Dan Ortiz only", or that nobody was emailed. */
export function replySentText(reply: Pick<Reply, 'id' | 'ticketId' | 'audience'>): string {
  const emailed = listReplyEmailRecipients({ ticketId: reply.ticketId, replyId: reply.id }).map(personLabel);
  if (reply.audience === 'chosen') {
    const chosen = (recipientPeopleByReply([reply.id]).get(reply.id) ?? []).map(personLabel);
    const notEmailed = chosen.filter((name) => !emailed.includes(name));
    return `Side reply sent to ${list(chosen)} only${notEmailed.length ? ` (not emailed: ${list(notEmailed)}, whose emails are off)` : ''}`;
  }
  return emailed.length ? `Reply sent to ${list(emailed)}` : 'Reply sent; nobody was emailed (their emails are off)';
}

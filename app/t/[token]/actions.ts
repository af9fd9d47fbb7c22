'use server';

import { refresh } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { olderRepliesChunk } from '@/app/_components/conversation';
import type { OlderRepliesResult } from '@/app/_components/older-replies';
import { requireAccessLink } from '@/lib/participants/link-access';
import { refusalAsError, validatedAction } from '@/lib/web/actions';
import { linkUploadScope, readUploadedFiles } from '@/lib/files/uploads';
import { replyElementId } from '@/lib/web/element-ids';
import { clientAddress, consumeRateLimit, type LimitName } from '@/lib/auth/rate-limit';
import { closeThroughLink, leaveThroughLink, reopenThroughLink, replyThroughLink, requestFreshLink } from '@/lib/participants/portal';
import { listRepliesPage } from '@/lib/tickets/tickets';
import { rateThroughLink } from '@/lib/participants/ratings';
import { RATING_CHANGE_DAYS, ratingLabels } from '@/lib/tickets/ratings';

// Actions behind a personal link. The token travels in a hidden field and every lib call checks it afresh, so a link
// revoked while the page was open stops working at the next click.

const tokenForm = z.object({ token: z.string().default('') });

async function limitByAddress(name: LimitName) {
  consumeRateLimit(name, clientAddress(await headers()));
}

export const sendLinkReplyAction = validatedAction(
  tokenForm.extend({ email: z.string().default(''), message: z.string().default(''), inReplyTo: z.string().default('') }),
  async ({ token, email, message, inReplyTo }, formData) => {
    await limitByAddress('linkReply');
    const access = requireAccessLink(token);
    const files = readUploadedFiles(formData, linkUploadScope(access.ticket.id, access.holder));
    const reply = replyThroughLink({ token, input: { email, message, inReplyTo }, files });
    refresh();
    const message_ = reply.audience === 'chosen' ? 'Your reply was sent to the same people only.' : 'Your reply was sent.';
    return { ok: true, message: message_, focus: replyElementId(reply.id) };
  },
  // Field problems, and an address the reply rule refuses, are said next to the field concerned.
  {
    email: { label: 'Email', missing: 'Enter your email address.' },
    message: { label: 'Message', missing: 'Write a reply.' },
    inReplyTo: { label: 'Send to' },
  },
);

export const changeTicketStatusAction = validatedAction(tokenForm.extend({ change: z.enum(['close', 'reopen']) }), async ({ token, change }) => {
  await limitByAddress('linkReply');
  if (change === 'close') closeThroughLink({ token });
  else reopenThroughLink({ token });
  refresh();
  return { ok: true, message: change === 'close' ? 'The ticket is closed.' : 'The ticket is open again.' };
});

export const leaveTicketAction = validatedAction(tokenForm, async ({ token }) => {
  await limitByAddress('linkReply');
  leaveThroughLink({ token });
  redirect(`/t/${encodeURIComponent(token)}/left`);
});

/** The rating page's POST: records or changes the link holder's rating of one closing. */
export const rateTicketAction = validatedAction(
  tokenForm.extend({ closing: z.string().default(''), rating: z.string().default(''), comment: z.string().default('') }),
  async ({ token, closing, rating, comment }) => {
    await limitByAddress('linkReply');
    const saved = rateThroughLink({ token, closingId: closing, input: { rating, comment } });
    return { ok: true, message: `Thank you. Your rating (${ratingLabels[saved.rating]}) was recorded; you can change it here for ${RATING_CHANGE_DAYS} days.` };
  },
  {
    rating: { label: 'Your answer', missing: 'Choose Good or Not good.' },
    comment: { label: 'Comment' },
  },
);

/** Always the same answer, whatever is typed: the form must not reveal who is on a ticket. */
export const requestFreshLinkAction = validatedAction(tokenForm.extend({ email: z.string().default('') }), async ({ token, email }) => {
  await limitByAddress('publicForm');
  requestFreshLink({ token, email });
  return { ok: true, message: 'If that address is on this ticket, we have emailed it a fresh link.' };
}, { email: { label: 'Email', missing: 'Enter your email address.' } });

/** "Show older replies" behind a personal link: the page before `before`, never with notes; the link is checked afresh. */
export async function loadOlderLinkRepliesAction(token: string, before: string): Promise<OlderRepliesResult> {
  return refusalAsError(() => {
    const access = requireAccessLink(z.string().max(500).parse(token));
    const page = listRepliesPage({ ticketId: access.ticket.id, includePrivate: false, before: z.string().max(100).parse(before), viewer: access.viewer });
    return olderRepliesChunk(page, 'link', {
      urls: { kind: 'link', token },
    });
  });
}

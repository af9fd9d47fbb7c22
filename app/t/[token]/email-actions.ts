'use server';

import { refresh } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { validatedAction } from '@/lib/web/actions';
import { setTicketEmailsThroughLink } from '@/lib/participants/ticket-emails';
import { clientAddress, consumeRateLimit } from '@/lib/auth/rate-limit';

// "Notify me about this ticket" on the personal ticket page; the link is checked afresh by the lib call.
export const setTicketEmailsAction = validatedAction(
  z.object({ token: z.string().default(''), enabled: z.enum(['on', 'off']) }),
  async ({ token, enabled }) => {
    consumeRateLimit('linkReply', clientAddress(await headers()));
    setTicketEmailsThroughLink({ token, enabled: enabled === 'on' });
    refresh();
    return { ok: true, message: enabled === 'on' ? 'You will get emails about this ticket.' : 'You will no longer get emails about this ticket.' };
  },
);

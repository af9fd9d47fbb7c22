'use server';

import { refresh } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { validatedAction } from '@/lib/web/actions';
import { clientAddress, consumeRateLimit } from '@/lib/auth/rate-limit';
import { addPersonThroughLink, removePersonThroughLink } from '@/lib/participants/people-by-link';

// The people on a ticket, behind a personal link: add a person, remove one you added. lib/participants/people-by-link
// checks the link and asks the policy each time.

const tokenForm = z.object({ token: z.string().default('') });

export const addPersonAction = validatedAction(
  tokenForm.extend({ email: z.string().default(''), name: z.string().default('') }),
  async ({ token, email, name }) => {
    consumeRateLimit('linkReply', clientAddress(await headers()));
    const added = addPersonThroughLink({ token, input: { email, name } });
    refresh();
    return { ok: true, message: `${added.label} was added and emailed their own link.` };
  },
  { email: { label: 'Email', missing: 'Enter their email address.' }, name: { label: 'Name' } },
);

export const removePersonAction = validatedAction(tokenForm.extend({ participantId: z.coerce.number().int().positive() }), async ({ token, participantId }) => {
  consumeRateLimit('linkReply', clientAddress(await headers()));
  removePersonThroughLink({ token, participantId });
  refresh();
  return { ok: true, message: 'They were removed from this ticket; their link no longer works.' };
});

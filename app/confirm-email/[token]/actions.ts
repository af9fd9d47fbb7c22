'use server';

import { z } from 'zod';
import { confirmEmailChange } from '@/lib/auth/profiles';
import { validatedAction } from '@/lib/web/actions';

// Anyone holding the link may confirm it: it was emailed to the new address, and reading that mailbox is the proof.
export const confirmEmailChangeAction = validatedAction(z.object({ token: z.string().max(2000) }), (data) => {
  const agent = confirmEmailChange({ token: data.token });
  return { ok: true, message: `Done: ${agent.email} is now the address you sign in with.` };
});

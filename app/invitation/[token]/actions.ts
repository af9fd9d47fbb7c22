'use server';

import { z } from 'zod';
import { acceptInvitation } from '@/lib/auth/invitations';
import { validatedAction } from '@/lib/web/actions';

// The link is the invitation: whoever holds it chooses the password, once.
export const acceptInvitationAction = validatedAction(
  z.object({ token: z.string().max(200), name: z.string().default(''), password: z.string().default('') }),
  async (data) => {
    const agent = await acceptInvitation({ token: data.token, input: { name: data.name, password: data.password } });
    return { ok: true, message: `Welcome, ${agent.name}: your account is ready. Sign in with ${agent.email} and your new password.` };
  },
  { name: { label: 'Your name', missing: 'Enter your name.' }, password: { label: 'Choose a password', missing: 'Choose a password.' } },
);

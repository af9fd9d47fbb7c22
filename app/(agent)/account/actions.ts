'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { endAllSessions } from '@/lib/auth/agents';
import { changeOwnPassword, dismissProfilePrompt, requestEmailChange, updateProfile } from '@/lib/auth/profiles';
import { agentAction } from '@/lib/web/actions';

// "Sign out everywhere" on the agent's own page: every session of theirs, this one included, ends now.
export const signOutEverywhereAction = agentAction(z.object({}), (_data, agent) => {
  endAllSessions(agent);
  return { ok: true };
});

// Name and signature take effect at once; every page shows the new name.
export const saveProfileAction = agentAction(
  z.object({ name: z.string().default(''), signature: z.string().default('') }),
  (data, agent) => {
    updateProfile({ agent, input: data });
    revalidatePath('/', 'layout');
    return { ok: true, message: 'Profile saved.' };
  },
  { name: { label: 'Name', missing: 'Enter your name.' }, signature: { label: 'Signature' } },
);

// A new address is only asked for here; the link emailed to it makes the change.
export const requestEmailChangeAction = agentAction(
  z.object({ email: z.string().default('') }),
  (data, agent) => {
    const { to } = requestEmailChange({ agent, input: data });
    return { ok: true, message: `We emailed a confirmation link to ${to}. Your address changes once you follow it (within 24 hours).` };
  },
  { email: { label: 'New email address', missing: 'Enter the new address.' } },
);

// Changing the password ends every session, this one included: the form signs the browser out afterwards.
export const changePasswordAction = agentAction(
  z.object({ currentPassword: z.string().default(''), password: z.string().default('') }),
  async (data, agent) => {
    await changeOwnPassword({ agent, input: data });
    return { ok: true, message: 'Password changed. Sign in again with your new password.' };
  },
  { currentPassword: { label: 'Current password', missing: 'Enter your current password.' }, password: { label: 'New password', missing: 'Enter a new password.' } },
);

export const dismissProfilePromptAction = agentAction(z.object({}), (_data, agent) => {
  dismissProfilePrompt(agent);
  revalidatePath('/', 'layout');
  return { ok: true };
});

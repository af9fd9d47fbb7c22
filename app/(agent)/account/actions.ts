'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { endAllSessions } from '@/lib/auth/agents';
import { changeOwnPassword, dismissProfilePrompt, requestEmailChange, updateProfile } from '@/lib/auth/profiles';
import { beginTwoFactorSetup, cancelTwoFactorSetup, confirmTwoFactorSetup, disableTwoFactor } from '@/lib/auth/two-factor';
import { agentActor } from '@/lib/core/audit';
import { accountAction } from '@/lib/web/actions';

// The agent's own page. Open to an agent who must set up two-factor sign-in first (accountAction).

// "Sign out everywhere" on the agent's own page: every session of theirs, this one included, ends now.
export const signOutEverywhereAction = accountAction(z.object({}), (_data, agent) => {
  endAllSessions(agent);
  return { ok: true };
});

// Name and signature take effect at once; every page shows the new name.
export const saveProfileAction = accountAction(
  z.object({ name: z.string().default(''), signature: z.string().default('') }),
  (data, agent) => {
    updateProfile({ agent, input: data });
    revalidatePath('/', 'layout');
    return { ok: true, message: 'Profile saved.' };
  },
  { name: { label: 'Name', missing: 'Enter your name.' }, signature: { label: 'Signature' } },
);

// A new address is only asked for here; the link emailed to it makes the change.
export const requestEmailChangeAction = accountAction(
  z.object({ email: z.string().default('') }),
  (data, agent) => {
    const { to } = requestEmailChange({ agent, input: data });
    return { ok: true, message: `We emailed a confirmation link to ${to}. Your address changes once you follow it (within 24 hours).` };
  },
  { email: { label: 'New email address', missing: 'Enter the new address.' } },
);

// Changing the password ends every session, this one included: the form signs the browser out afterwards.
export const changePasswordAction = accountAction(
  z.object({ currentPassword: z.string().default(''), password: z.string().default('') }),
  async (data, agent) => {
    await changeOwnPassword({ agent, input: data });
    return { ok: true, message: 'Password changed. Sign in again with your new password.' };
  },
  { currentPassword: { label: 'Current password', missing: 'Enter your current password.' }, password: { label: 'New password', missing: 'Enter a new password.' } },
);

export const dismissProfilePromptAction = accountAction(z.object({}), (_data, agent) => {
  dismissProfilePrompt(agent);
  revalidatePath('/', 'layout');
  return { ok: true };
});

export const beginTwoFactorSetupAction = accountAction(z.object({}), (_data, agent) => {
  beginTwoFactorSetup(agent);
  revalidatePath('/account');
});

export const cancelTwoFactorSetupAction = accountAction(z.object({}), (_data, agent) => {
  cancelTwoFactorSetup(agent);
  revalidatePath('/account');
});

// No revalidation: this session has just ended (the session version moved on), and the page keeps showing the
// recovery codes until the agent signs in again.
export const confirmTwoFactorSetupAction = accountAction(
  z.object({ code: z.string().default('') }),
  (data, agent) => {
    const codes = confirmTwoFactorSetup(agent, data.code, agentActor(agent));
    return { ok: true, message: 'Two-factor sign-in is on.', data: { recoveryCodes: codes.join('\n') } };
  },
  { code: { label: 'Code from your app', missing: 'Enter the 6-digit code your app shows.' } },
);

export const disableTwoFactorAction = accountAction(
  z.object({ password: z.string().default(''), code: z.string().default('') }),
  async (data, agent) => {
    await disableTwoFactor(agent, { password: data.password || undefined, code: data.code || undefined }, agentActor(agent));
    return { ok: true, message: 'Two-factor sign-in is off. Every session of yours has ended: sign in again.' };
  },
  {
    password: { label: 'Current password', missing: 'Enter your current password or a code.' },
    code: { label: 'Code', missing: 'Enter a code or your current password.' },
  },
);

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { endAllSessions } from '@/lib/auth/agents';
import { beginTwoFactorSetup, cancelTwoFactorSetup, confirmTwoFactorSetup, disableTwoFactor } from '@/lib/auth/two-factor';
import { agentActor } from '@/lib/core/audit';
import { accountAction } from '@/lib/web/actions';

// The agent's own page. Open to an agent who must set up two-factor sign-in first (accountAction).

// "Sign out everywhere" on the agent's own page: every session of theirs, this one included, ends now.
export const signOutEverywhereAction = accountAction(z.object({}), (_data, agent) => {
  endAllSessions(agent);
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

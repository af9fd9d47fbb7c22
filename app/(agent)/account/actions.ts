'use server';

import { z } from 'zod';
import { endAllSessions } from '@/lib/auth/agents';
import { agentAction } from '@/lib/web/actions';

// "Sign out everywhere" on the agent's own page: every session of theirs, this one included, ends now.
export const signOutEverywhereAction = agentAction(z.object({}), (_data, agent) => {
  endAllSessions(agent);
  return { ok: true };
});

'use server';

import { z } from 'zod';
import { endAllSessions } from '@/lib/agents';
import { agentAction } from '@/lib/actions';

// "Sign out everywhere" on the agent's own page: every session of theirs, this one included, ends now.
export const signOutEverywhereAction = agentAction(z.object({}), (_data, agent) => {
  endAllSessions(agent);
  return { ok: true };
});

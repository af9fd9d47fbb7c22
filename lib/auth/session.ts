import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { Agent } from '@/db/schema';
import { getAgentById, isSessionCurrent } from '@/lib/auth/agents';
import { authOptions } from '@/lib/auth/next-auth';
import { AppError } from '@/lib/core/errors';

/**
 * What the session cookie claims — the agent id and session version — without asking the database. Callers must
 * still check the agent (active, session version, role): lib/tickets/live.ts does so in the same query as the rest of a poll.
 */
// Both cached for one server render (React's cache: the layout and the page ask once between them, each request
// anew); outside a render, as in route handlers, they run on every call.
export const getSessionClaims = cache(async (): Promise<{ agentId: number; sessionVersion: unknown } | null> => {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sessionVersion?: unknown } | undefined;
  const id = Number(user?.id);
  return Number.isInteger(id) && id > 0 ? { agentId: id, sessionVersion: user?.sessionVersion } : null;
});

/**
 * The signed-in agent, read fresh from the database on every request: deactivation, a password reset, a role change
 * or "sign out everywhere" (each bumps the agent's session version) end the session at once.
 */
export const getCurrentAgent = cache(async (): Promise<Agent | null> => {
  const claims = await getSessionClaims();
  if (!claims) return null;
  const agent = getAgentById({ id: claims.agentId });
  return agent && isSessionCurrent(agent, claims.sessionVersion) ? agent : null;
});

/** For pages: the signed-in agent, or a redirect to the sign-in page. */
export async function requireAgent(): Promise<Agent> {
  const agent = await getCurrentAgent();
  if (!agent) redirect('/login');
  return agent;
}

/** For server actions: the signed-in agent, or a 401 AppError. */
export async function requireAgentForAction(): Promise<Agent> {
  const agent = await getCurrentAgent();
  if (!agent) throw new AppError('unauthorized', 'Your session has ended. Sign in again.');
  return agent;
}

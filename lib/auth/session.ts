import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { Agent } from '@/db/schema';
import { getAgentById, isSessionCurrent } from '@/lib/auth/agents';
import { authOptions } from '@/lib/auth/next-auth';
import { mustSetUpTwoFactor } from '@/lib/auth/policy';
import { AppError } from '@/lib/core/errors';
import { getSettings } from '@/lib/core/settings';

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
 * The signed-in agent, read fresh from the database on every request: deactivation, a password reset, a role change,
 * a change of their second factor or "sign out everywhere" (each bumps the agent's session version) end the session
 * at once. Such an agent may still have to set up two-factor sign-in before anything else (see getCurrentAgent).
 */
export const getSignedInAgent = cache(async (): Promise<Agent | null> => {
  const claims = await getSessionClaims();
  if (!claims) return null;
  const agent = getAgentById({ id: claims.agentId });
  return agent && isSessionCurrent(agent, claims.sessionVersion) ? agent : null;
});

const mustSetUp = (agent: Agent) => mustSetUpTwoFactor(agent, getSettings());

/** The signed-in agent who may work: none while the team requires two-factor sign-in and they have not set it up. */
export const getCurrentAgent = cache(async (): Promise<Agent | null> => {
  const agent = await getSignedInAgent();
  return agent && !mustSetUp(agent) ? agent : null;
});

// Only /account (and its layout) passes `twoFactorSetup`: there an agent sets up the second factor the team requires.
type Gate = { twoFactorSetup?: boolean };

/** For pages: the signed-in agent, or a redirect to the sign-in page (or to /account, to set up two-factor sign-in). */
export async function requireAgent({ twoFactorSetup = false }: Gate = {}): Promise<Agent> {
  const agent = await getSignedInAgent();
  if (!agent) redirect('/login');
  if (!twoFactorSetup && mustSetUp(agent)) redirect('/account');
  return agent;
}

/** For server actions: the signed-in agent, or a 401 AppError (403 while they must set up two-factor sign-in). */
export async function requireAgentForAction({ twoFactorSetup = false }: Gate = {}): Promise<Agent> {
  const agent = await getSignedInAgent();
  if (!agent) throw new AppError('unauthorized', 'Your session has ended. Sign in again.');
  if (!twoFactorSetup && mustSetUp(agent)) {
    throw new AppError('forbidden', 'Your team requires two-factor sign-in: set it up under Your account first.');
  }
  return agent;
}

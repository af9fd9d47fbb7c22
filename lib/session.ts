import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { Agent } from '@/db/schema';
import { getAgentById, isSessionCurrent } from '@/lib/agents';
import { authOptions } from '@/lib/auth';
import { AppError } from '@/lib/errors';

/**
 * The signed-in agent, read fresh from the database on every request: deactivation, a password reset, a role change
 * or "sign out everywhere" (each bumps the agent's session version) end the session at once.
 */
export async function getCurrentAgent(): Promise<Agent | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sessionVersion?: unknown } | undefined;
  const id = Number(user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const agent = getAgentById({ id });
  return agent && isSessionCurrent(agent, user?.sessionVersion) ? agent : null;
}

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

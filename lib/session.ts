import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { Agent } from '@/db/schema';
import { getAgentById } from '@/lib/agents';
import { authOptions } from '@/lib/auth';
import { AppError } from '@/lib/errors';

/**
 * The agent id the session cookie names, without asking the database. Callers must still check the agent
 * (active, role) — lib/live.ts does so in the same query as the rest of a poll.
 */
export async function getSessionAgentId(): Promise<number | null> {
  const session = await getServerSession(authOptions);
  const id = Number((session?.user as { id?: string } | undefined)?.id);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** The signed-in agent, read fresh from the database so deactivation takes effect at once. */
export async function getCurrentAgent(): Promise<Agent | null> {
  const id = await getSessionAgentId();
  if (id === null) return null;
  const agent = getAgentById({ id });
  return agent && agent.active ? agent : null;
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

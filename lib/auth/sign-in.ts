import 'server-only';
import type { Agent } from '@/db/schema';
import { getAgentById, isSessionCurrent, verifyAgentCredentials } from '@/lib/auth/agents';
import { hasTwoFactor, normalizeEmail } from '@/lib/auth/policy';
import { consumeRateLimit, forgiveAttempt, resetRateLimit } from '@/lib/auth/rate-limit';
import { readTwoFactorChallenge, signTwoFactorChallenge, verifySecondFactor } from '@/lib/auth/two-factor';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';

// Signing in, in one or two steps: the password, then — for agents with two-factor sign-in — a code. The first step
// of such an agent ends with a short-lived signed challenge, never a session; only the second step, with the
// challenge and a right code, gives next-auth (lib/auth/next-auth.ts) an agent to start a session for.

export type SignInStep =
  | { kind: 'signed-in'; agent: Agent }
  | { kind: 'second-factor'; challenge: string }
  | { kind: 'refused'; reason: 'credentials' | 'challenge' | 'code' };

/**
 * The password step. Failures count against the client address and against the account typed (a RateLimitError
 * once either has too many); a right password takes its attempt back from the address and clears that account's
 * count only, so one good sign-in never wipes out an address's failures against other accounts.
 */
export async function signInWithPassword(input: { email: string; password: string; address: string; now?: number }): Promise<SignInStep> {
  const now = input.now ?? Date.now();
  const account = normalizeEmail(input.email).slice(0, 320);
  consumeRateLimit('signInAddress', input.address, now);
  consumeRateLimit('signInAccount', account, now);
  const agent = await verifyAgentCredentials(input.email, input.password);
  if (!agent) return { kind: 'refused', reason: 'credentials' };
  forgiveAttempt('signInAddress', input.address);
  resetRateLimit('signInAccount', account);
  if (hasTwoFactor(agent)) return { kind: 'second-factor', challenge: signTwoFactorChallenge(agent, now) };
  return { kind: 'signed-in', agent };
}

/** The second step: the challenge of a right password (still this agent's, not expired) and a code. */
export function signInWithSecondFactor(input: { challenge: string; code: string; now?: number }): SignInStep {
  const now = input.now ?? Date.now();
  const challenge = readTwoFactorChallenge(input.challenge, now);
  if (!challenge.ok) return { kind: 'refused', reason: 'challenge' };
  const agent = getAgentById({ id: challenge.agentId });
  if (!agent || !isSessionCurrent(agent, challenge.sessionVersion) || !hasTwoFactor(agent)) return { kind: 'refused', reason: 'challenge' };
  const used = verifySecondFactor(agent.id, input.code, now);
  if (!used) return { kind: 'refused', reason: 'code' };
  if (used === 'recovery') {
    recordAudit(getDb(), { ticketId: null, actor: agentActor(agent), action: 'agent.recovery_code_used', detail: { agentId: agent.id } });
  }
  return { kind: 'signed-in', agent };
}

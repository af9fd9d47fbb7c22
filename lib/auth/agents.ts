import 'server-only';
import bcrypt from 'bcryptjs';
import { asc, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { agents, type Agent } from '@/db/schema';
import { agentActor, recordAudit, type AuditActor } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { AppError, notFound, validationError } from '@/lib/core/errors';
import { assertPasswordAllowed, passwordSchema } from '@/lib/auth/passwords';
import { normalizeEmail } from '@/lib/auth/policy';
import { resetRateLimit } from '@/lib/auth/rate-limit';

export const agentInputSchema = z.object({
  email: z.email('must be a valid email address').transform(normalizeEmail),
  name: z.string().trim().min(1, 'is required').max(120),
  password: passwordSchema,
  role: z.enum(['admin', 'agent']).default('agent'),
});

export type AgentInput = z.input<typeof agentInputSchema>;

// A hash to compare against when the address is unknown, so timing does not reveal which addresses exist.
const decoyHash = bcrypt.hashSync('parley-decoy-password', 10);

export const hashPassword = (password: string) => bcrypt.hash(password, 10);

export function getAgentById({ id }: { id: number }): Agent | undefined {
  return getDb().select().from(agents).where(eq(agents.id, id)).get();
}

export function getAgentByEmail({ email }: { email: string }): Agent | undefined {
  return getDb().select().from(agents).where(eq(agents.email, normalizeEmail(email))).get();
}

export function listAgents(): Agent[] {
  return getDb().select().from(agents).orderBy(asc(agents.name)).all();
}

export function countAgents(): number {
  return getDb().select({ n: count() }).from(agents).get()?.n ?? 0;
}

export async function createAgent(input: AgentInput, actor: AuditActor): Promise<Agent> {
  const parsed = agentInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { email, name, password, role } = parsed.data;
  if (getAgentByEmail({ email })) throw new AppError('conflict', `An agent with the email ${email} already exists.`);
  await assertPasswordAllowed(password, email);
  const passwordHash = await hashPassword(password);
  return getDb().transaction((tx) => {
    const agent = tx.insert(agents).values({ email, name, role, passwordHash }).returning().get();
    recordAudit(tx, { ticketId: null, actor, action: 'agent.created', detail: { agentId: agent.id, email, role } });
    return agent;
  });
}

/** The active agent with these credentials, or null; never says which part was wrong. */
export async function verifyAgentCredentials(email: string, password: string): Promise<Agent | null> {
  const agent = getAgentByEmail({ email });
  const ok = await bcrypt.compare(password, agent?.passwordHash ?? decoyHash);
  return ok && agent && agent.active ? agent : null;
}

/** Set on every change that must end an agent's sessions at once: each request compares it with the session's. */
const nextSessionVersion = { sessionVersion: sql`${agents.sessionVersion} + 1` };

export function setAgentActive({ id, active }: { id: number; active: boolean }, actor: AuditActor): Agent {
  const agent = getAgentById({ id });
  if (!agent) throw notFound('Agent');
  if (!active && actor.kind === 'agent' && actor.id === id) {
    throw new AppError('conflict', 'You cannot deactivate your own account.');
  }
  return getDb().transaction((tx) => {
    // Deactivating also retires the sessions, so activating again later does not bring them back.
    const updated = tx
      .update(agents)
      .set({ active, ...(active ? {} : nextSessionVersion) })
      .where(eq(agents.id, id))
      .returning()
      .get();
    recordAudit(tx, { ticketId: null, actor, action: active ? 'agent.activated' : 'agent.deactivated', detail: { agentId: id } });
    return updated;
  });
}

export async function resetAgentPassword({ id, password }: { id: number; password: string }, actor: AuditActor) {
  const parsed = agentInputSchema.shape.password.safeParse(password);
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ ...i, path: ['password'] })));
  const agent = getAgentById({ id });
  if (!agent) throw notFound('Agent');
  await assertPasswordAllowed(parsed.data, agent.email);
  const passwordHash = await hashPassword(parsed.data);
  getDb().transaction((tx) => {
    tx.update(agents).set({ passwordHash, ...nextSessionVersion }).where(eq(agents.id, id)).run();
    recordAudit(tx, { ticketId: null, actor, action: 'agent.password_reset', detail: { agentId: id } });
  });
  // A new password is the way back in for an account locked by failed sign-ins.
  resetRateLimit('signInAccount', agent.email);
}

/** A new role takes effect with a new sign-in: every session of that agent ends now. */
export function setAgentRole({ id, role }: { id: number; role: unknown }, actor: AuditActor): Agent {
  const parsed = agentInputSchema.shape.role.safeParse(role);
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ ...i, path: ['role'] })));
  const agent = getAgentById({ id });
  if (!agent) throw notFound('Agent');
  if (actor.kind === 'agent' && actor.id === id) throw new AppError('conflict', 'You cannot change your own role. Ask another administrator.');
  if (agent.role === parsed.data) return agent;
  return getDb().transaction((tx) => {
    const updated = tx.update(agents).set({ role: parsed.data, ...nextSessionVersion }).where(eq(agents.id, id)).returning().get();
    recordAudit(tx, { ticketId: null, actor, action: 'agent.role_changed', detail: { agentId: id, from: agent.role, to: parsed.data } });
    return updated;
  });
}

/** "Sign out everywhere": ends every session of this agent, the current one included. API tokens are unaffected. */
export function endAllSessions(agent: Pick<Agent, 'id' | 'email'>): void {
  getDb().transaction((tx) => {
    tx.update(agents).set(nextSessionVersion).where(eq(agents.id, agent.id)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'agent.signed_out_everywhere', detail: { agentId: agent.id } });
  });
}

/** Whether a session signed at `sessionVersion` still speaks for this agent. */
export const isSessionCurrent = (agent: Pick<Agent, 'active' | 'sessionVersion'>, sessionVersion: unknown) =>
  agent.active && sessionVersion === agent.sessionVersion;

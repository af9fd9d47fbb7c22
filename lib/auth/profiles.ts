import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { agents, outbox, type Agent } from '@/db/schema';
import { agentInputSchema, getAgentByEmail, getAgentById, hashPassword } from '@/lib/auth/agents';
import { assertPasswordAllowed } from '@/lib/auth/passwords';
import { canManageAgents, normalizeEmail } from '@/lib/auth/policy';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { getAuthSecret, getEnv } from '@/lib/core/env';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';

// An agent's own profile (/account): name, signature, password, and a new email address that takes effect only once
// a link sent to it is followed — whoever types an address must show they read its mail. Admins change any agent's
// name and email directly (Admin → Agents).

/** How long the confirmation link of a new address works. */
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;

const nameSchema = agentInputSchema.shape.name;
// Typed addresses often carry a space from copy and paste.
const emailSchema = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), agentInputSchema.shape.email);

export const profileSchema = z.object({
  name: nameSchema,
  signature: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .transform((text) => text.replace(/\r\n?/g, '\n').trimEnd()),
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

function requireActive(id: number): Agent {
  const agent = getAgentById({ id });
  if (!agent || !agent.active) throw notFound('Agent');
  return agent;
}

/** Saves the agent's name and signature; the first admin's one-time prompt is answered by it too. */
export function updateProfile({ agent, input }: { agent: Agent; input: unknown }): Agent {
  const { name, signature } = parse(profileSchema, input);
  return getDb().transaction((tx) => {
    const updated = tx.update(agents).set({ name, signature, profileReviewed: true }).where(eq(agents.id, agent.id)).returning().get();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'agent.profile_updated', detail: { agentId: agent.id, name } });
    return updated;
  });
}

/** The first admin, made with a placeholder name: asked once to set their own name and address. */
export function askForProfile(agent: Pick<Agent, 'id'>): void {
  getDb().update(agents).set({ profileReviewed: false }).where(eq(agents.id, agent.id)).run();
}

/** "Not now" on the first admin's prompt to set their name and address: it is not shown again. */
export function dismissProfilePrompt(agent: Pick<Agent, 'id'>): void {
  getDb().update(agents).set({ profileReviewed: true }).where(eq(agents.id, agent.id)).run();
}

const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1, 'is required'),
  password: agentInputSchema.shape.password,
});

/**
 * A new password, given the current one. Every session of the agent ends (this one included), as after a reset: a
 * password is changed because someone else may know the old one.
 */
export async function changeOwnPassword({ agent, input }: { agent: Agent; input: unknown }): Promise<void> {
  const { currentPassword, password } = parse(passwordChangeSchema, input);
  const current = requireActive(agent.id);
  if (!(await bcrypt.compare(currentPassword, current.passwordHash))) {
    throw new AppError('validation_failed', 'The current password is not right.', { currentPassword: 'is not right' });
  }
  await assertPasswordAllowed(password, current.email);
  const passwordHash = await hashPassword(password);
  getDb().transaction((tx) => {
    tx.update(agents)
      .set({ passwordHash, sessionVersion: sql`${agents.sessionVersion} + 1` })
      .where(eq(agents.id, agent.id))
      .run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'agent.password_changed', detail: { agentId: agent.id } });
  });
}

// ---- A new address, confirmed from its own mailbox ----

type EmailChange = { agentId: number; from: string; to: string; expiresAt: number };

const sign = (payload: string) => createHmac('sha256', getAuthSecret()).update(`email-change:${payload}`).digest('base64url');

/** The signed token of a pending change: it names the agent, both addresses and when it expires. */
export function emailChangeToken(change: EmailChange): string {
  const payload = Buffer.from(JSON.stringify([change.agentId, change.from, change.to, change.expiresAt])).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

export const emailChangeUrl = (change: EmailChange) => `${getEnv().APP_URL}/confirm-email/${emailChangeToken(change)}`;

/**
 * The change a token asks for, or null: forged, expired, for an agent who is gone or inactive, or made stale by any
 * change of their address since it was asked for.
 */
export function readEmailChange(token: string, now = Date.now()): (EmailChange & { agent: Agent }) | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [agentId, from, to, expiresAt] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [number, string, string, number];
  if (expiresAt < now) return null;
  const agent = getAgentById({ id: agentId });
  if (!agent || !agent.active || agent.email !== from) return null;
  return { agentId, from, to, expiresAt, agent };
}

function queueAccountEmail(tx: DbOrTx, { template, agent, to, payload }: { template: 'agent_email_confirm' | 'agent_email_changed'; agent: Agent; to: string; payload: object }) {
  tx.insert(outbox)
    .values({ ticketId: null, template, toEmail: to, toName: agent.name, recipientKind: 'agent', recipientId: agent.id, payload: JSON.stringify(payload) })
    .run();
  nudgeOutboxWorker();
}

function refuseTakenEmail(email: string, agentId: number) {
  const other = getAgentByEmail({ email });
  if (other && other.id !== agentId) throw new AppError('conflict', `Another agent signs in with ${email}.`, { email: 'is taken by another agent' });
}

/** Emails a confirmation link to the new address; nothing changes until it is followed. */
export function requestEmailChange({ agent, input }: { agent: Agent; input: unknown }, now = Date.now()): { to: string } {
  const { email } = parse(z.object({ email: emailSchema }), input);
  if (email === agent.email) throw new AppError('validation_failed', 'That is your address already.', { email: 'is your address already' });
  refuseTakenEmail(email, agent.id);
  const change: EmailChange = { agentId: agent.id, from: agent.email, to: email, expiresAt: now + EMAIL_CHANGE_TTL_MS };
  getDb().transaction((tx) => {
    queueAccountEmail(tx, { template: 'agent_email_confirm', agent, to: email, payload: change });
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'agent.email_change_requested', detail: { agentId: agent.id, to: email } });
  });
  return { to: email };
}

function changeAgentEmail(tx: DbOrTx, agent: Agent, email: string, actor: Agent) {
  tx.update(agents).set({ email }).where(eq(agents.id, agent.id)).run();
  recordAudit(tx, { ticketId: null, actor: agentActor(actor), action: 'agent.email_changed', detail: { agentId: agent.id, from: agent.email, to: email } });
  // The old address hears of it: if the change was not theirs, they know whom to ask.
  queueAccountEmail(tx, { template: 'agent_email_changed', agent, to: agent.email, payload: { to: email } });
}

/** Follows a confirmation link: the new address becomes the agent's sign-in address. */
export function confirmEmailChange({ token }: { token: string }): Agent {
  const change = readEmailChange(token);
  if (!change) throw new AppError('not_found', 'This confirmation link does not work: it expired, was already used, or a newer change replaced it.');
  refuseTakenEmail(change.to, change.agentId);
  getDb().transaction((tx) => changeAgentEmail(tx, change.agent, change.to, change.agent));
  return getAgentById({ id: change.agentId })!;
}

const adminEditSchema = z.object({ name: nameSchema, email: emailSchema });

/** An admin corrects any agent's name and email; the old address is told of a new one. */
export function updateAgentByAdmin({ admin, id, input }: { admin: Agent; id: number; input: unknown }): Agent {
  if (!canManageAgents(admin)) throw forbidden('Only administrators can change other agents.');
  const { name, email } = parse(adminEditSchema, input);
  const agent = getAgentById({ id });
  if (!agent) throw notFound('Agent');
  refuseTakenEmail(normalizeEmail(email), id);
  getDb().transaction((tx) => {
    if (name !== agent.name) {
      tx.update(agents).set({ name }).where(eq(agents.id, id)).run();
      recordAudit(tx, { ticketId: null, actor: agentActor(admin), action: 'agent.profile_updated', detail: { agentId: id, name } });
    }
    if (email !== agent.email) changeAgentEmail(tx, { ...agent, name }, email, admin);
  });
  return getAgentById({ id })!;
}

import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { agentInvitations, outbox, type Agent, type AgentInvitation } from '@/db/schema';
import { agentInputSchema, createAgent, getAgentByEmail } from '@/lib/auth/agents';
import { canManageAgents } from '@/lib/auth/policy';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { getAuthSecret, getEnv } from '@/lib/core/env';
import { AppError, forbidden, notFound, validationError } from '@/lib/core/errors';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';

// Admins invite agents instead of choosing their passwords: a one-time link, valid 72 hours, lets the invited person
// choose their own. The link is signed over the invitation and its expiry, so resending (a new expiry) voids the
// earlier one, and revoking or accepting it voids every link at once. `npm run cli -- create-agent` still exists.

export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

const onlyAdmins = () => forbidden('Only administrators can invite agents.');

const inviteSchema = z.object({
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), agentInputSchema.shape.email),
  name: agentInputSchema.shape.name,
  role: agentInputSchema.shape.role,
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

const sign = (id: number, expiresAt: number) => createHmac('sha256', getAuthSecret()).update(`agent-invitation:${id}:${expiresAt}`).digest('base64url');

/** The invitation's link as emailed; it works until `expiresAt` unless the invitation is accepted, revoked or resent. */
export const invitationUrl = (invitation: Pick<AgentInvitation, 'id' | 'expiresAt'>) =>
  `${getEnv().APP_URL}/invitation/${invitation.id}.${invitation.expiresAt.getTime()}.${sign(invitation.id, invitation.expiresAt.getTime())}`;

const isOpen = (invitation: AgentInvitation, now: number) => !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt.getTime() > now;

function getInvitation(id: number, db: DbOrTx = getDb()): AgentInvitation | undefined {
  return db.select().from(agentInvitations).where(eq(agentInvitations.id, id)).get();
}

/** The open invitation a link stands for, or null: forged, expired, resent since, revoked or already accepted. */
export function readInvitation(token: string, now = Date.now()): AgentInvitation | null {
  const match = /^(\d{1,12})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [id, expiresAt] = [Number(match[1]), Number(match[2])];
  const expected = Buffer.from(sign(id, expiresAt));
  if (!timingSafeEqual(Buffer.from(match[3]), expected)) return null;
  const invitation = getInvitation(id);
  if (!invitation || invitation.expiresAt.getTime() !== expiresAt || !isOpen(invitation, now)) return null;
  return invitation;
}

/** The link for the outbox row of an invitation; an invitation closed since it was queued is never sent. */
export function invitationUrlFor(invitationId: number, now = Date.now()): string | null {
  const invitation = getInvitation(invitationId);
  return invitation && isOpen(invitation, now) ? invitationUrl(invitation) : null;
}

function queueInvitationEmail(tx: DbOrTx, invitation: AgentInvitation) {
  tx.insert(outbox)
    .values({
      ticketId: null,
      template: 'agent_invitation',
      toEmail: invitation.email,
      toName: invitation.name,
      recipientKind: 'agent',
      recipientId: null,
      payload: JSON.stringify({ invitationId: invitation.id }),
    })
    .run();
  nudgeOutboxWorker();
}

/** Invitations not yet accepted, revoked or expired, oldest first. */
export function listOpenInvitations({ now = new Date() }: { now?: Date } = {}): AgentInvitation[] {
  return getDb()
    .select()
    .from(agentInvitations)
    .where(and(isNull(agentInvitations.acceptedAt), isNull(agentInvitations.revokedAt), gt(agentInvitations.expiresAt, now)))
    .orderBy(asc(agentInvitations.createdAt))
    .all();
}

export function inviteAgent({ admin, input }: { admin: Agent; input: unknown }, now = Date.now()): AgentInvitation {
  if (!canManageAgents(admin)) throw onlyAdmins();
  const { email, name, role } = parse(inviteSchema, input);
  if (getAgentByEmail({ email })) throw new AppError('conflict', `An agent with the email ${email} already exists.`, { email: 'is an agent already' });
  if (listOpenInvitations({ now: new Date(now) }).some((open) => open.email === email)) {
    throw new AppError('conflict', `${email} has an open invitation already: resend it from the list.`, { email: 'has an open invitation' });
  }
  return getDb().transaction((tx) => {
    const invitation = tx
      .insert(agentInvitations)
      .values({ email, name, role, invitedByAgentId: admin.id, expiresAt: new Date(now + INVITATION_TTL_MS) })
      .returning()
      .get();
    queueInvitationEmail(tx, invitation);
    recordAudit(tx, { ticketId: null, actor: agentActor(admin), action: 'agent.invited', detail: { invitationId: invitation.id, email, role } });
    return invitation;
  });
}

function openInvitationForAdmin(admin: Agent, id: number): AgentInvitation {
  if (!canManageAgents(admin)) throw onlyAdmins();
  const invitation = getInvitation(id);
  if (!invitation || !isOpen(invitation, Date.now())) throw notFound('Open invitation');
  return invitation;
}

/** A fresh link with a new 72 hours; the earlier link stops working. */
export function resendInvitation({ admin, id }: { admin: Agent; id: number }, now = Date.now()): AgentInvitation {
  openInvitationForAdmin(admin, id);
  return getDb().transaction((tx) => {
    const invitation = tx
      .update(agentInvitations)
      .set({ expiresAt: new Date(now + INVITATION_TTL_MS) })
      .where(eq(agentInvitations.id, id))
      .returning()
      .get();
    queueInvitationEmail(tx, invitation);
    recordAudit(tx, { ticketId: null, actor: agentActor(admin), action: 'agent.invitation_resent', detail: { invitationId: id, email: invitation.email } });
    return invitation;
  });
}

export function revokeInvitation({ admin, id }: { admin: Agent; id: number }): void {
  const invitation = openInvitationForAdmin(admin, id);
  getDb().transaction((tx) => {
    tx.update(agentInvitations).set({ revokedAt: new Date() }).where(eq(agentInvitations.id, id)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(admin), action: 'agent.invitation_revoked', detail: { invitationId: id, email: invitation.email } });
  });
}

const acceptSchema = z.object({ name: agentInputSchema.shape.name, password: z.string() });

/** The invited person chooses their password (and may correct their name); the agent exists from now on. */
export async function acceptInvitation({ token, input }: { token: string; input: unknown }): Promise<Agent> {
  const invitation = readInvitation(token);
  if (!invitation) throw new AppError('not_found', 'This invitation does not work: it expired, was replaced by a newer one, revoked, or used already.');
  const { name, password } = parse(acceptSchema, input);
  const agent = await createAgent({ email: invitation.email, name, password, role: invitation.role }, { kind: 'system' });
  getDb().transaction((tx) => {
    tx.update(agentInvitations).set({ acceptedAt: new Date() }).where(eq(agentInvitations.id, invitation.id)).run();
    recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'agent.invitation_accepted', detail: { invitationId: invitation.id, agentId: agent.id } });
  });
  return agent;
}

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createAgent, resetAgentPassword, setAgentActive, setAgentRole } from '@/lib/auth/agents';
import { agentActor } from '@/lib/core/audit';
import { agentAction } from '@/lib/web/actions';
import { forbidden } from '@/lib/core/errors';
import { canManageAgents, canResetTwoFactor } from '@/lib/auth/policy';
import { inviteAgent, resendInvitation, revokeInvitation } from '@/lib/auth/invitations';
import { updateAgentByAdmin } from '@/lib/auth/profiles';
import { resetTwoFactor } from '@/lib/auth/two-factor';

const onlyAdmins = () => forbidden('Only administrators can manage agents.');

// Field-level rules live in lib/auth/agents.ts; the forms only name what they send.
const createAgentForm = z.object({
  name: z.string().default(''),
  email: z.string().default(''),
  password: z.string().default(''),
  role: z.enum(['admin', 'agent'], 'must be admin or agent').default('agent'),
});

export const createAgentAction = agentAction(createAgentForm, async (data, agent) => {
  if (!canManageAgents(agent)) throw onlyAdmins();
  const created = await createAgent(data, agentActor(agent));
  revalidatePath('/admin/agents');
  return { ok: true, message: `Agent ${created.name} <${created.email}> created. Give them their password to sign in.` };
}, {
  name: { label: 'Name', missing: 'Enter the agent’s name.' },
  email: { label: 'Email', missing: 'Enter the agent’s email address.' },
  password: { label: 'Password', missing: 'Choose a password of at least 10 characters.' },
  role: { label: 'Role' },
});

const agentId = z.coerce.number().int().positive();

export const setAgentActiveAction = agentAction(z.object({ id: agentId, active: z.enum(['true', 'false']) }), (data, agent) => {
  if (!canManageAgents(agent)) throw onlyAdmins();
  const updated = setAgentActive({ id: data.id, active: data.active === 'true' }, agentActor(agent));
  revalidatePath('/admin/agents');
  return { ok: true, message: updated.active
      ? `${updated.name} is active again.`
      : `${updated.name} is deactivated: their sessions and API tokens stop working now.` };
});

export const resetAgentPasswordAction = agentAction(
  z.object({ id: agentId, password: z.string().default('') }),
  async (data, agent) => {
    if (!canManageAgents(agent)) throw onlyAdmins();
    await resetAgentPassword(data, agentActor(agent));
    return { ok: true, message: 'Password reset. Their sessions have ended; they sign in with the new password.' };
  },
  { password: { label: 'New password', missing: 'Choose a password of at least 10 characters.' } },
);

export const setAgentRoleAction = agentAction(z.object({ id: agentId, role: z.string().default('') }), (data, agent) => {
  if (!canManageAgents(agent)) throw onlyAdmins();
  const updated = setAgentRole(data, agentActor(agent));
  revalidatePath('/admin/agents');
  return { ok: true, message: `${updated.name} is now ${updated.role === 'admin' ? 'an admin' : 'an agent'}; their sessions have ended.` };
});

// An admin corrects an agent's name or email; the policy check is inside updateAgentByAdmin.
export const updateAgentAction = agentAction(
  z.object({ id: agentId, name: z.string().default(''), email: z.string().default('') }),
  (data, agent) => {
    const updated = updateAgentByAdmin({ admin: agent, id: data.id, input: { name: data.name, email: data.email } });
    revalidatePath('/admin/agents');
    return { ok: true, message: `Saved ${updated.name} <${updated.email}>.` };
  },
  { name: { label: 'Name', missing: 'Enter the agent’s name.' }, email: { label: 'Email', missing: 'Enter the agent’s email address.' } },
);

// Invitations: the policy check is in lib/auth/invitations.ts.
export const inviteAgentAction = agentAction(
  z.object({ name: z.string().default(''), email: z.string().default(''), role: z.string().default('agent') }),
  (data, agent) => {
    const invitation = inviteAgent({ admin: agent, input: data });
    revalidatePath('/admin/agents');
    return { ok: true, message: `Invitation sent to ${invitation.email}. The link works for 72 hours.` };
  },
  { name: { label: 'Their name', missing: 'Enter their name.' }, email: { label: 'Their email', missing: 'Enter their email address.' }, role: { label: 'Their role' } },
);

export const resendInvitationAction = agentAction(z.object({ id: agentId }), (data, agent) => {
  const invitation = resendInvitation({ admin: agent, id: data.id });
  revalidatePath('/admin/agents');
  return { ok: true, message: `A new link went to ${invitation.email}; the earlier one no longer works.` };
});

export const revokeInvitationAction = agentAction(z.object({ id: agentId }), (data, agent) => {
  revokeInvitation({ admin: agent, id: data.id });
  revalidatePath('/admin/agents');
  return { ok: true, message: 'Invitation revoked: its link no longer works.' };
});

export const resetTwoFactorAction = agentAction(z.object({ id: agentId }), (data, agent) => {
  if (!canResetTwoFactor(agent)) throw forbidden('Only administrators can reset two-factor sign-in.');
  const updated = resetTwoFactor(data, agentActor(agent));
  revalidatePath('/admin/agents');
  return { ok: true, message: `Two-factor sign-in of ${updated.name} is reset: their sessions have ended and they were emailed.` };
});

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentActor } from '@/lib/core/audit';
import { agentAction } from '@/lib/web/actions';
import { createApiToken, revokeApiToken } from '@/lib/auth/api-tokens';
import { forbidden } from '@/lib/core/errors';
import { canManageApiTokens } from '@/lib/auth/policy';

const onlyAdmins = () => forbidden('Only administrators can manage API tokens.');

const createTokenForm = z.object({
  label: z.string().default(''),
  // The token acts with this agent's permissions; the admin themselves unless another agent is chosen.
  agentId: z.coerce.number().int().positive().optional(),
});

export const createApiTokenAction = agentAction(createTokenForm, (data, agent) => {
  if (!canManageApiTokens(agent)) throw onlyAdmins();
  const { token, row } = createApiToken({ agentId: data.agentId ?? agent.id, label: data.label }, agentActor(agent));
  revalidatePath('/admin/tokens');
  return { ok: true, message: `API token “${row.label}” created.`, data: { token } };
}, { label: { label: 'Label', missing: 'Give the token a label, such as the tool that uses it.' }, agentId: { label: 'Acts as agent' } });

export const revokeApiTokenAction = agentAction(z.object({ id: z.coerce.number().int().positive() }), (data, agent) => {
  if (!canManageApiTokens(agent)) throw onlyAdmins();
  const row = revokeApiToken(data, agentActor(agent));
  revalidatePath('/admin/tokens');
  return { ok: true, message: `API token “${row.label}” revoked.` };
});

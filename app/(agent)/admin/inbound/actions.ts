'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { addSenderAndApply, dismissInboundMessage, retryInboundMessage } from '@/lib/mail/inbound/admin';

// Admin → Inbound: decide about refused mail, retry failed mail, dismiss what needs nothing more.

const idForm = z.object({ id: z.coerce.number().int().positive() });

export const addSenderAndApplyAction = agentAction(idForm, async ({ id }, agent) => {
  await addSenderAndApply({ agent, id });
  revalidatePath('/admin/inbound');
  return { ok: true, message: 'The sender was added as a participant and the message applied.' };
});

export const retryInboundAction = agentAction(idForm, ({ id }, agent) => {
  retryInboundMessage({ agent, id });
  revalidatePath('/admin/inbound');
  return { ok: true, message: 'Queued for another try.' };
});

export const dismissInboundAction = agentAction(idForm, ({ id }, agent) => {
  dismissInboundMessage({ agent, id });
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Dismissed.' };
});

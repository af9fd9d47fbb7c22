'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { addRefusedSenderToTicket, dismissRefusedSenderOnTicket } from '@/lib/mail/inbound/admin';

// The ticket page's "1 email from gina@… was refused — add her and apply?": add the sender and apply, or dismiss.

const senderForm = z.object({ ticketId: z.coerce.number().int().positive(), email: z.string().trim().toLowerCase().email() });

export const addRefusedSenderAction = agentAction(senderForm, async ({ ticketId, email }, agent) => {
  const applied = await addRefusedSenderToTicket({ agent, ticketId, email });
  revalidatePath(`/tickets/${ticketId}`);
  revalidatePath('/admin/inbound');
  return { ok: true, message: `${email} was added as a participant and ${applied === 1 ? 'their email was' : `their ${applied} emails were`} added to the conversation.` };
});

export const dismissRefusedSenderAction = agentAction(senderForm, ({ ticketId, email }, agent) => {
  const dismissed = dismissRefusedSenderOnTicket({ agent, ticketId, email });
  revalidatePath(`/tickets/${ticketId}`);
  revalidatePath('/admin/inbound');
  return { ok: true, message: `Dismissed ${dismissed === 1 ? 'the refused email' : `${dismissed} refused emails`} from ${email}.` };
});

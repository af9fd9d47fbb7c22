'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { removeAttachment } from '@/lib/attachments/access';
import { readUploadedFiles } from '@/lib/files/uploads';
import { participantElementId, replyElementId } from '@/lib/web/element-ids';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { requireAgentForAction } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { zonedDateTimeToInstant } from '@/lib/tickets/business-hours';
import { replySentText } from '@/lib/tickets/reply-confirmation';
import { priorityLabels, statusLabels } from '@/lib/tickets/statuses';
import { addAgentReply, changeTicketTag, createTicket, rotateTicketLinks, updateTicket } from '@/lib/tickets/tickets';

// Field rules live in lib/tickets/tickets.ts and lib/participants/participants.ts; these schemas only name what each form sends.
const ticketId = z.coerce.number().int().positive();
const text = z.string().default('');

const refresh = (id: number) => {
  revalidatePath(`/tickets/${id}`);
  revalidatePath('/tickets');
};

export const createTicketAction = agentAction(
  z.object({ customerEmail: text, customerName: text, company: text, subject: text, message: text }),
  (data, agent, formData) => {
    const ticket = createTicket(
      { subject: data.subject, message: data.message, customer: { email: data.customerEmail, name: data.customerName, company: data.company } },
      { kind: 'agent', agent, source: 'web' },
      readUploadedFiles(formData, `agent:${agent.id}`),
    );
    revalidatePath('/tickets');
    redirect(`/tickets/${ticket.id}`);
  },
  {
    'customer.email': { name: 'customerEmail', label: 'Customer email', missing: 'Enter the customer’s email address.' },
    'customer.name': { name: 'customerName', label: 'Customer name' },
    'customer.company': { name: 'company', label: 'Company' },
    subject: { label: 'Subject', missing: 'Enter a subject.' },
    message: { label: 'Message', missing: 'Write the customer’s message.' },
  },
);

export const replyAction = agentAction(
  z.object({
    ticketId,
    message: text,
    private: z.string().optional(),
    signature: z.string().optional(),
    // "Send & put on hold" and "Send & close": the status the ticket takes once the reply is sent.
    then: z.enum(['hold', 'closed']).optional(),
    // Everyone on the ticket, the customer only, or the people ticked (`toPeople`): a side reply.
    to: z.enum(['everyone', 'customer', 'chosen']).default('everyone'),
  }),
  (data, agent, formData) => {
    const files = readUploadedFiles(formData, `agent:${agent.id}`);
    // A note goes to nobody outside the team, whatever the To choice left in the form.
    const to = data.private ? undefined : data.to === 'chosen' ? formData.getAll('toPeople').map(String) : data.to;
    const reply = addAgentReply({ ticketId: data.ticketId, agent, message: data.message, private: data.private, signature: data.signature, files, to });
    if (data.then && !reply.private) updateTicket({ ticketId: data.ticketId, agent, input: { status: data.then } });
    refresh(data.ticketId);
    const status = data.then === 'closed' ? '; the ticket is closed' : data.then === 'hold' ? '; the ticket is on hold' : '';
    const message = reply.private ? 'Private note added.' : `${replySentText(reply)}${status}.`;
    return { ok: true, message, focus: replyElementId(reply.id) };
  },
  { message: { label: 'Reply', missing: 'Write a reply.' }, signature: { label: 'Signature' }, to: { label: 'Send to' } },
);

export const updateStatusAction = agentAction(z.object({ ticketId, status: text }), (data, agent) => {
  const ticket = updateTicket({ ticketId: data.ticketId, agent, input: { status: data.status } });
  refresh(data.ticketId);
  return { ok: true, message: `Status set to ${statusLabels[ticket.status]}.` };
}, { status: { label: 'Status', missing: 'Choose a status.' } });

export const updatePriorityAction = agentAction(z.object({ ticketId, priority: text }), (data, agent) => {
  const ticket = updateTicket({ ticketId: data.ticketId, agent, input: { priority: data.priority } });
  refresh(data.ticketId);
  return { ok: true, message: `Priority set to ${priorityLabels[ticket.priority]}.` };
}, { priority: { label: 'Priority', missing: 'Choose a priority.' } });

export const snoozeAction = agentAction(z.object({ ticketId, until: text }), (data, agent) => {
  // The form's date and time are the team's (Settings → Service levels → time zone).
  const until = zonedDateTimeToInstant(getSettings().serviceLevels.timeZone, data.until);
  const ticket = updateTicket({ ticketId: data.ticketId, agent, input: { snoozeUntil: until ? until.toISOString() : data.until } });
  refresh(data.ticketId);
  return { ok: true, message: `Snoozed: on hold until ${ticket.snoozedUntil?.toISOString().slice(0, 16).replace('T', ' ')} UTC.` };
}, { snoozeUntil: { name: 'until', label: 'Snooze until', missing: 'Choose a date and time.' } });

export const addTagAction = agentAction(z.object({ ticketId, tag: text }), (data, agent) => {
  changeTicketTag({ ticketId: data.ticketId, agent, add: data.tag });
  refresh(data.ticketId);
  return { ok: true, message: `Tag ${data.tag.trim().toLowerCase()} added.` };
}, { add: { name: 'tag', label: 'Add tag', missing: 'Type a tag.' }, tags: { name: 'tag', label: 'Add tag' } });

export const removeTagAction = agentAction(z.object({ ticketId, tag: text }), (data, agent) => {
  changeTicketTag({ ticketId: data.ticketId, agent, remove: data.tag });
  refresh(data.ticketId);
  return { ok: true, message: `Tag ${data.tag} removed.` };
});

export const assignAction = agentAction(z.object({ ticketId, assigneeId: text, assignToMe: z.literal('on').optional() }), (data, agent) => {
  const assigneeId = data.assignToMe ? String(agent.id) : data.assigneeId;
  const ticket = updateTicket({ ticketId: data.ticketId, agent, input: { assigneeId } });
  refresh(data.ticketId);
  return { ok: true, message: ticket.assignee ? `Assigned to ${ticket.assignee.name}.` : 'The ticket is unassigned.' };
}, { assigneeId: { label: 'Assignee' } });

export const rotateLinksAction = agentAction(z.object({ ticketId, notify: z.literal('on').optional() }), (data, agent) => {
  const notify = data.notify === 'on';
  rotateTicketLinks({ ticketId: data.ticketId, agent, notify });
  refresh(data.ticketId);
  return {
    ok: true,
    message: notify
      ? 'Links rotated. Earlier links no longer work; everyone on the ticket is being emailed their new link.'
      : 'Links rotated. Earlier links no longer work; share the new ones.',
  };
});

export const addParticipantAction = agentAction(
  z.object({ ticketId, email: text, name: text, customerId: text }),
  (data, agent) => {
    // A customer chosen from the search is added by id; otherwise the typed address is used.
    const input = data.customerId ? { customerId: data.customerId } : { email: data.email, name: data.name };
    const participant = addParticipant({ ticketId: data.ticketId, agent, input });
    refresh(data.ticketId);
    return { ok: true, message: `${participant.email} was added as a participant.`, focus: participantElementId(participant.id) };
  },
  {
    email: { label: 'Add participant', missing: 'Type an email address, or a name to pick a customer.' },
    customerId: { name: 'email', label: 'Add participant' },
    name: { label: 'Name' },
  },
);

export const removeParticipantAction = agentAction(
  z.object({ ticketId, participantId: z.coerce.number().int().positive() }),
  (data, agent) => {
    removeParticipant({ ticketId: data.ticketId, participantId: data.participantId, agent });
    refresh(data.ticketId);
    return { ok: true, message: 'Participant removed.' };
  },
);

export const removeAttachmentAction = agentAction(
  z.object({ ticketId, attachmentId: z.coerce.number().int().positive() }),
  (data, agent) => {
    removeAttachment({ id: data.attachmentId, agent });
    refresh(data.ticketId);
    return { ok: true };
  },
);

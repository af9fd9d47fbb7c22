'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction, type FormFields } from '@/lib/web/actions';
import { createSavedReply, deleteSavedReply, updateSavedReply } from '@/lib/tickets/saved-replies';

// Field rules live in lib/tickets/saved-replies.ts; the forms only name what they send.
const savedReplyForm = z.object({ title: z.string().default(''), body: z.string().default('') });
const id = z.coerce.number().int().positive();
const savedReplyFields: FormFields = {
  title: { label: 'Title', missing: 'Give the saved reply a title.' },
  body: { label: 'Text', missing: 'Write the text of the saved reply.' },
};

export const createSavedReplyAction = agentAction(savedReplyForm, (data, agent) => {
  const reply = createSavedReply({ agent, input: data });
  revalidatePath('/saved-replies');
  return { ok: true, message: `Saved reply “${reply.title}” added.` };
}, savedReplyFields);

export const updateSavedReplyAction = agentAction(savedReplyForm.extend({ id }), (data, agent) => {
  const reply = updateSavedReply({ agent, id: data.id, input: data });
  revalidatePath('/saved-replies');
  return { ok: true, message: `Saved reply “${reply.title}” updated.` };
}, savedReplyFields);

export const deleteSavedReplyAction = agentAction(z.object({ id }), (data, agent) => {
  deleteSavedReply({ agent, id: data.id });
  revalidatePath('/saved-replies');
  return { ok: true, message: 'Saved reply deleted.' };
});

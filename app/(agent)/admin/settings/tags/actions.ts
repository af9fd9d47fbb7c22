'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { deleteTag, mergeTags, renameTag } from '@/lib/tickets/tags';

const tagId = z.coerce.number().int().positive();

const refresh = () => {
  revalidatePath('/admin/settings/tags');
  revalidatePath('/tickets');
};

export const renameTagAction = agentAction(z.object({ tagId, name: z.string().default('') }), (data, agent) => {
  const tag = renameTag({ agent, tagId: data.tagId, name: data.name });
  refresh();
  return { ok: true, message: `Renamed to ${tag.name}.` };
}, { name: { label: 'New name', missing: 'Type the new name.' } });

export const mergeTagAction = agentAction(z.object({ tagId, intoTagId: z.coerce.number().int().positive('Choose the tag to merge into.') }), (data, agent) => {
  const into = mergeTags({ agent, fromTagId: data.tagId, intoTagId: data.intoTagId });
  refresh();
  return { ok: true, message: `Merged into ${into.name}.` };
}, { intoTagId: { label: 'Merge into' } });

export const deleteTagAction = agentAction(z.object({ tagId }), (data, agent) => {
  deleteTag({ agent, tagId: data.tagId });
  refresh();
  return { ok: true, message: 'Tag deleted.' };
});

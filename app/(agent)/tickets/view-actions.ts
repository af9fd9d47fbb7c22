'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { createSavedView, deleteSavedView } from '@/lib/tickets/views';

const text = z.string().default('');

export const saveViewAction = agentAction(
  z.object({ name: text, shared: z.string().optional(), status: text, assignee: text, priority: text, tag: text, q: text, sort: text }),
  (data, agent) => {
    const { name, shared, ...query } = data;
    const view = createSavedView({ agent, input: { name, shared: shared === 'on', query } });
    revalidatePath('/tickets');
    redirect(`/tickets?view=${view.id}`);
  },
  { name: { label: 'View name', missing: 'Name the view.' } },
);

export const deleteViewAction = agentAction(z.object({ id: z.coerce.number().int().positive() }), (data, agent) => {
  deleteSavedView({ id: data.id, agent });
  revalidatePath('/tickets');
  redirect('/tickets');
});

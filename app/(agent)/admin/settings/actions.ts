'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { updateSettings } from '@/lib/auth/admin-settings';

// A checkbox sends its name only when ticked; absent means off.
const checkbox = z
  .string()
  .optional()
  .transform((value) => value !== undefined);

const settingsForm = z.object({
  siteName: z.string().default(''),
  ticketPrefix: z.string().default(''),
  ticketSuffix: z.string().default(''),
  ticketNumberStart: z.string().default(''),
  restrictAgentsToAssigned: checkbox,
  customersCanReopen: checkbox,
  participantsEnabled: checkbox,
  requireTwoFactor: checkbox,
  copyParticipants: checkbox,
  autoAddParticipants: checkbox,
  inboundBlocklist: z.string().default(''),
  dmarcAuthservId: z.string().default(''),
  autoCloseOnHoldDays: z.string().default(''),
  askForRating: checkbox,
  ratingAsksParticipants: checkbox,
});

export const saveSettingsAction = agentAction(settingsForm, (data, agent) => {
  const { ticketNumberStart, participantsEnabled, copyParticipants, autoAddParticipants, ratingAsksParticipants, inboundBlocklist, autoCloseOnHoldDays, ...rest } = data;
  updateSettings({
    agent,
    input: {
      ...rest,
      participantsEnabled,
      // NaN for an empty or non-numeric box, which validation reports as "must be a whole number".
      ticketNumberStart: ticketNumberStart.trim() === '' ? Number.NaN : Number(ticketNumberStart),
      // Empty: auto-close is off.
      autoCloseOnHoldDays: autoCloseOnHoldDays.trim() === '' ? null : Number(autoCloseOnHoldDays),
      // The box is only on the page while participants are enabled; otherwise the stored choice stays.
      ...(participantsEnabled ? { copyParticipants, autoAddParticipants, ratingAsksParticipants } : {}),
      inboundBlocklist: inboundBlocklist
        .split(/[\n,;]+/)
        .map((entry) => entry.trim())
        .filter(Boolean),
    },
  });
  revalidatePath('/', 'layout');
  return { ok: true, message: 'Settings saved.' };
}, {
  siteName: { label: 'Site name', missing: 'Enter the site name.' },
  ticketPrefix: { label: 'Ticket number prefix' },
  ticketSuffix: { label: 'Ticket number suffix' },
  ticketNumberStart: { label: 'First ticket number', missing: 'Enter the first ticket number.' },
  requireTwoFactor: { label: 'Require two-factor sign-in' },
  autoCloseOnHoldDays: { label: 'Close tickets on hold after (days)' },
});

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
  // Each settings page saves its own section; the other settings stay as they are.
  section: z.enum(['general', 'tickets', 'inbound']),
  siteName: z.string().default(''),
  requireTwoFactor: checkbox,
  ticketPrefix: z.string().default(''),
  ticketSuffix: z.string().default(''),
  ticketNumberStart: z.string().default(''),
  restrictAgentsToAssigned: checkbox,
  customersCanReopen: checkbox,
  participantsEnabled: checkbox,
  copyParticipants: checkbox,
  autoAddParticipants: checkbox,
  participantsMayAddPeople: checkbox,
  autoCloseOnHoldDays: z.string().default(''),
  inboundBlocklist: z.string().default(''),
  dmarcAuthservId: z.string().default(''),
  askForRating: checkbox,
  ratingAsksParticipants: checkbox,
});

type SettingsFormData = z.infer<typeof settingsForm>;

/** The settings one page's form holds, as the settings API names them. */
function sectionInput(data: SettingsFormData): Record<string, unknown> {
  switch (data.section) {
    case 'general':
      return { siteName: data.siteName, requireTwoFactor: data.requireTwoFactor };
    case 'inbound':
      return {
        dmarcAuthservId: data.dmarcAuthservId,
        inboundBlocklist: data.inboundBlocklist
          .split(/[\n,;]+/)
          .map((entry) => entry.trim())
          .filter(Boolean),
      };
    case 'tickets':
      return {
        ticketPrefix: data.ticketPrefix,
        ticketSuffix: data.ticketSuffix,
        restrictAgentsToAssigned: data.restrictAgentsToAssigned,
        customersCanReopen: data.customersCanReopen,
        participantsEnabled: data.participantsEnabled,
        // NaN for an empty or non-numeric box, which validation reports as "must be a whole number".
        ticketNumberStart: data.ticketNumberStart.trim() === '' ? Number.NaN : Number(data.ticketNumberStart),
        // Empty: auto-close is off.
        autoCloseOnHoldDays: data.autoCloseOnHoldDays.trim() === '' ? null : Number(data.autoCloseOnHoldDays),
        askForRating: data.askForRating,
        // The boxes are only on the page while participants are enabled; otherwise the stored choices stay.
        ...(data.participantsEnabled
          ? { copyParticipants: data.copyParticipants, autoAddParticipants: data.autoAddParticipants, participantsMayAddPeople: data.participantsMayAddPeople, ratingAsksParticipants: data.ratingAsksParticipants }
          : {}),
      };
  }
}

export const saveSettingsAction = agentAction(settingsForm, (data, agent) => {
  updateSettings({ agent, input: sectionInput(data) });
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

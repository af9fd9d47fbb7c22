'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { agentAction } from '@/lib/web/actions';
import { updateServiceLevels } from '@/lib/auth/admin-settings';
import { AppError } from '@/lib/core/errors';
import { weekdays } from '@/lib/core/service-level-schema';
import { ticketPriorities } from '@/db/schema';
import { serviceTargetNames } from '@/lib/tickets/service-levels';
import { serviceLevelFields, targetFieldName } from './fields';

const text = z.string().default('');
const form = z.object(
  Object.fromEntries([
    ['timeZone', text],
    ['holidays', text],
    ['warnBeforeMinutes', text],
    ...weekdays.map((day) => [day, text]),
    ...ticketPriorities.flatMap((priority) => serviceTargetNames.map((name) => [targetFieldName(priority, name), text])),
  ]) as Record<string, typeof text>,
);

/** "09:00-17:00, 18:00-20:00" → [["09:00","17:00"],["18:00","20:00"]]; what does not read as a pair stays as typed, to be refused. */
const parseHours = (typed: string) =>
  typed
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split(/\s*[-–]\s*/));

// An empty box: no target; anything else is a number (NaN is refused as "must be a number of minutes").
const minutes = (typed: string) => (typed.trim() === '' ? null : Number(typed));

export const saveServiceLevelsAction = agentAction(form, (data, agent) => {
  try {
    updateServiceLevels({
      agent,
      input: {
        timeZone: data.timeZone.trim(),
        week: Object.fromEntries(weekdays.map((day) => [day, parseHours(data[day])])),
        holidays: data.holidays.split(/[\s,]+/).filter(Boolean),
        targets: Object.fromEntries(
          ticketPriorities.map((priority) => [priority, Object.fromEntries(serviceTargetNames.map((name) => [name, minutes(data[targetFieldName(priority, name)])]))]),
        ),
        warnBeforeMinutes: data.warnBeforeMinutes.trim() === '' ? Number.NaN : Number(data.warnBeforeMinutes),
      },
    });
  } catch (error) {
    // A problem deep in a day's intervals (week.mon.0.1) belongs to that day's box; a holiday's, to the holidays box.
    if (error instanceof AppError && error.fields) {
      const fields: Record<string, string> = {};
      for (const [key, problem] of Object.entries(error.fields)) {
        const box = /^week\.\w+/.exec(key)?.[0] ?? (key.startsWith('holidays') ? 'holidays' : key);
        fields[box] ??= problem;
      }
      throw new AppError(error.code, error.message, fields);
    }
    throw error;
  }
  revalidatePath('/admin/settings/service-levels');
  revalidatePath('/tickets');
  return { ok: true, message: 'Service levels saved.' };
}, serviceLevelFields);



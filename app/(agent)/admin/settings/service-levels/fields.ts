import type { TicketPriority } from '@/db/schema';
import { weekdays, type Weekday } from '@/lib/core/service-level-schema';
import type { FormFields } from '@/lib/web/actions';
import { priorityLabels } from '@/lib/tickets/statuses';

// The Service levels form's boxes, named once for the page and its action.

export const dayLabels: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const targetLabels = { firstResponse: 'first response', nextResponse: 'next response', resolution: 'resolution' } as const;

export const targetFieldName = (priority: TicketPriority, target: keyof typeof targetLabels) => `${priority}-${target}`;
export const targetFieldLabel = (priority: TicketPriority, target: keyof typeof targetLabels) => `${priorityLabels[priority]}: ${targetLabels[target]} (minutes)`;

export const serviceLevelFields: FormFields = {
  timeZone: { label: 'Time zone', missing: 'Enter a time zone.' },
  holidays: { label: 'Holidays' },
  warnBeforeMinutes: { label: 'Warn this many minutes before' },
  week: { name: 'mon', label: 'Opening hours' },
  ...Object.fromEntries(weekdays.map((day) => [`week.${day}`, { name: day, label: `${dayLabels[day]} hours` }])),
  ...Object.fromEntries(
    (['low', 'normal', 'high', 'urgent'] as const).flatMap((priority) =>
      (Object.keys(targetLabels) as (keyof typeof targetLabels)[]).map((target) => [`targets.${priority}.${target}`, { name: targetFieldName(priority, target), label: targetFieldLabel(priority, target) }]),
    ),
  ),
};

'use client';

import { useFormAction } from '@/app/_components/use-form-action';
import { Button, FormMessages, TextArea, TextField } from '@/app/_components/ui';
import { ticketPriorities } from '@/db/schema';
import { weekdays, type ServiceLevels } from '@/lib/core/service-level-schema';
import { saveServiceLevelsAction } from './actions';
import { dayLabels, targetFieldLabel, targetFieldName } from './fields';

const targets = ['firstResponse', 'nextResponse', 'resolution'] as const;

export function ServiceLevelsForm({ levels, timeZones }: { levels: ServiceLevels; timeZones: string[] }) {
  const { state, pending, formProps, messages } = useFormAction(saveServiceLevelsAction);
  const error = (name: string) => state.fields?.[name];
  return (
    <form {...formProps} className="max-w-3xl space-y-8" noValidate>
      <FormMessages {...messages} />
      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold">Business hours</legend>
        <TextField
          label="Time zone"
          name="timeZone"
          defaultValue={levels.timeZone}
          list="time-zones"
          autoComplete="off"
          error={error('timeZone')}
          hint="The team’s time zone, such as Europe/Berlin; opening hours and holidays are in it."
        />
        <datalist id="time-zones">
          {timeZones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <div className="grid gap-3 sm:grid-cols-2">
          {weekdays.map((day) => (
            <TextField
              key={day}
              label={`${dayLabels[day]} hours`}
              name={day}
              defaultValue={levels.week[day].map(([from, to]) => `${from}-${to}`).join(', ')}
              placeholder="Closed"
              autoComplete="off"
              error={error(day)}
            />
          ))}
        </div>
        <p className="text-xs text-slate-600">
          Like <code>09:00-17:00</code>, or several: <code>08:00-12:00, 13:00-17:00</code>. Empty: closed. <code>00:00-24:00</code> is the whole day; an
          interval that ends before it starts runs overnight (<code>22:00-06:00</code>).
        </p>
        <TextArea
          label="Holidays"
          name="holidays"
          defaultValue={levels.holidays.join('\n')}
          rows={4}
          error={error('holidays')}
          hint="One date per line, like 2026-12-25: closed all day."
        />
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold">Targets</legend>
        <p className="text-sm text-slate-600">
          In business minutes, per priority; empty: no target. First response counts from the ticket’s first message, next response
          from each customer or participant message after a reply, resolution until the ticket is closed. Every clock stands still
          while the ticket is on hold and starts again at the customer’s or a participant’s next message.
        </p>
        {ticketPriorities.map((priority) => (
          <div key={priority} className="grid gap-3 sm:grid-cols-3">
            {targets.map((target) => (
              <TextField
                key={target}
                label={targetFieldLabel(priority, target)}
                name={targetFieldName(priority, target)}
                inputMode="numeric"
                defaultValue={levels.targets[priority][target] ?? ''}
                error={error(targetFieldName(priority, target))}
              />
            ))}
          </div>
        ))}
        <TextField
          label="Warn this many minutes before"
          name="warnBeforeMinutes"
          inputMode="numeric"
          defaultValue={levels.warnBeforeMinutes}
          error={error('warnBeforeMinutes')}
          hint="How long before a target is due the ticket counts as about to be missed."
        />
      </fieldset>
      <Button type="submit" pending={pending}>
        Save service levels
      </Button>
    </form>
  );
}

import { DateTime } from '@/app/_components/date-time';
import { describeTarget, formatSpan, serviceTargetNames, type ServiceLevelState } from '@/lib/tickets/service-levels';

const tones = { met: 'text-emerald-800', pending: 'text-slate-800', paused: 'text-slate-600', missed: 'text-red-800' } as const;

/** A ticket's service targets, one line each: what is due and when, or whether it was met. Nothing when none applies. */
export function ServiceLevelLines({ state, now, compact = false }: { state: ServiceLevelState; now: number; compact?: boolean }) {
  const lines = serviceTargetNames.flatMap((name) => (state[name] ? [{ name, target: state[name] }] : []));
  if (lines.length === 0) return null;
  return (
    <ul aria-label="Service targets" className={compact ? 'space-y-0.5 text-xs' : 'space-y-1 text-sm'}>
      {lines.map(({ name, target }) => (
        <li key={name} className={tones[target.state]}>
          {describeTarget(name, target, now)}
          {!compact && target.dueAt && target.state !== 'met' ? (
            <span className="block text-xs text-slate-500">
              Due <DateTime value={target.dueAt} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A list row's soonest due time: "Due in 1 h 20 min" or "Overdue by 35 min". */
export function DueLabel({ dueAt, now }: { dueAt: Date; now: number }) {
  const overdue = dueAt.getTime() < now;
  return (
    <span className={`text-xs ${overdue ? 'font-medium text-red-800' : 'text-slate-600'}`}>
      {overdue ? `Overdue by ${formatSpan(now - dueAt.getTime())}` : `Due in ${formatSpan(dueAt.getTime() - now)}`}
    </span>
  );
}

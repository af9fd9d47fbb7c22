import type { Db } from '@/lib/core/db';
import { backgroundNow } from '@/lib/mail/worker/clock';
import { runAutoClosePass } from '@/lib/tickets/auto-close';
import { runReportFactsPass } from '@/lib/tickets/report-facts';
import { runServiceLevelPass } from '@/lib/tickets/service-level-sync';
import { wakeSnoozedTickets } from '@/lib/tickets/snooze';
import { msUntilSnoozeEnds } from '@/lib/tickets/snooze-due';

// The background thread's time-based jobs: service levels (lib/tickets/service-level-sync.ts), snoozed tickets
// (lib/tickets/snooze.ts) and auto-close (lib/tickets/auto-close.ts); this is where the thread calls them, with the jobs' clock (lib/mail/worker/clock.ts).

export const serviceLevelJobPass = async (db: Db): Promise<number | null> => runServiceLevelPass(db, backgroundNow(db));

export async function snoozeJobPass(db: Db): Promise<number | null> {
  const now = backgroundNow(db);
  wakeSnoozedTickets(db, now);
  return msUntilSnoozeEnds(db, now);
}

export const autoCloseJobPass = async (db: Db): Promise<number | null> => runAutoClosePass(db, backgroundNow(db));

export const reportFactsJobPass = async (db: Db): Promise<number | null> => runReportFactsPass(db, backgroundNow(db));

import type { Db } from '@/lib/core/db';
import { runServiceLevelPass } from '@/lib/tickets/service-level-sync';

// The background thread's service-level job: its work is lib/tickets/service-level-sync.ts; this is where the thread
// calls it, so the thread's module list stays one line per job.

export const serviceLevelJobPass = async (db: Db): Promise<number | null> => runServiceLevelPass(db);

// Takes one snapshot of DATABASE_PATH with the app's own code (lib/files/backup.ts) into the file named on the command
// line: the process tests/files/backup.test.ts kills with -9 half-way.
import { getSqlite } from '@/lib/core/db';
import { writeSnapshot } from '@/lib/files/backup';

writeSnapshot(getSqlite(), process.argv[2]);

import { checkDatabaseHealth } from '@/lib/core/health';

export const dynamic = 'force-dynamic';

// GET /api/health – 200 once the database is open and migrated
export function GET() {
  const health = checkDatabaseHealth();
  return Response.json(health.ok ? { ok: true } : { ok: false, error: health.error }, { status: health.ok ? 200 : 503 });
}

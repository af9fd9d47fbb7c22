// GET /api/bench-bare – constant JSON, the framework's ceiling for `npm run bench:http`. The `.bench.ts` extension
// makes it a route only in the benchmark's own build (PARLEY_BENCH_BUILD=1, see next.config.js), never in production.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ ok: true, bench: 'bare' });
}

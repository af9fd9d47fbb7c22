// Shared by scripts/seed-bench.ts (which creates this agent) and scripts/bench-http.ts (which signs in as it).
export const BENCH_ADMIN = { email: 'bench-admin@parley.test', password: 'bench-password-123' };

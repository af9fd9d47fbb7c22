// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets tests build into their own folder without disturbing a running dev copy.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  serverExternalPackages: ['better-sqlite3'],
  // `npm run bench:http` builds into its own folder with PARLEY_BENCH_BUILD=1, which adds its bare `route.bench.ts`
  // handler; the production build never contains it.
  pageExtensions: process.env.PARLEY_BENCH_BUILD === '1' ? ['tsx', 'ts', 'jsx', 'js', 'bench.ts'] : ['tsx', 'ts', 'jsx', 'js'],
  outputFileTracingExcludes: { '*': ['./data/**'] },
  poweredByHeader: false,
  // Every page reads the database per request; the in-memory response cache (50 MB by default) only holds memory.
  cacheMaxMemorySize: 8 * 1024 * 1024,
  // Security headers (CSP with nonces, Referrer-Policy, HSTS…) are set in proxy.ts from lib/web/security-headers.ts.
};

module.exports = nextConfig;

// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets tests build into their own folder without disturbing a running dev copy.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  serverExternalPackages: ['better-sqlite3'],
  // `npm run release` (scripts/release.ts) builds a self-contained server to ship in the bundle. Next matches tracing
  // excludes anywhere in a path ("./data/**" also drops next/dist/lib/metadata/, which the server needs), so that
  // build traces without them and the release script leaves the traced data/ folder out instead.
  ...(process.env.PARLEY_RELEASE_BUILD === '1' ? { output: 'standalone' } : { outputFileTracingExcludes: { '*': ['./data/**'] } }),
  // `npm run bench:http` builds into its own folder with PARLEY_BENCH_BUILD=1, which adds its bare `route.bench.ts`
  // handler; the production build never contains it.
  pageExtensions: process.env.PARLEY_BENCH_BUILD === '1' ? ['tsx', 'ts', 'jsx', 'js', 'bench.ts'] : ['tsx', 'ts', 'jsx', 'js'],
  poweredByHeader: false,
  // Every page reads the database per request; the in-memory response cache (50 MB by default) only holds memory.
  cacheMaxMemorySize: 8 * 1024 * 1024,
  // Security headers (CSP with nonces, Referrer-Policy, HSTS…) are set in proxy.ts from lib/web/security-headers.ts.
};

module.exports = nextConfig;

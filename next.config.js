// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets tests build into their own folder without disturbing a running dev copy.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  serverExternalPackages: ['better-sqlite3'],
  outputFileTracingExcludes: { '*': ['./data/**'] },
  poweredByHeader: false,
  // Security headers (CSP with nonces, Referrer-Policy, HSTS…) are set in proxy.ts from lib/security-headers.ts.
};

module.exports = nextConfig;

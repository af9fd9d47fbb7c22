// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets tests build into their own folder without disturbing a running dev copy.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  serverExternalPackages: ['better-sqlite3'],
  outputFileTracingExcludes: { '*': ['./data/**'] },
  poweredByHeader: false,
  async headers() {
    // Personal ticket links carry their token in the path: never send it on in a Referer header.
    return [{ source: '/t/:path*', headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }] }];
  },
};

module.exports = nextConfig;

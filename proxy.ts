import { withAuth } from 'next-auth/middleware';

// Agents' pages need a session; each page and action still checks the agent itself (active, role, policy).
export const proxy = withAuth({
  pages: { signIn: '/login' },
  secret: process.env.AUTH_SECRET,
});

export const config = {
  matcher: ['/', '/tickets/:path*', '/customers/:path*', '/companies/:path*', '/admin/:path*'],
};

import { withAuth } from 'next-auth/middleware';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { getEnv } from '@/lib/core/env';
import { checkServerActionRequest } from '@/lib/web/request-guards';
import { applySecurityHeaders, contentSecurityPolicy, newNonce } from '@/lib/web/security-headers';

// Every request but static assets passes here: agents' pages need a session (each page and action still checks the
// agent itself: active, session version, role, policy), and every response gets its security headers, pages a
// Content-Security-Policy with a fresh script nonce.

const AGENT_PAGES = /^\/(?:$|(?:tickets|customers|companies|admin|account)(?:\/|$))/;

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const nonce = newNonce();
  const dev = process.env.NODE_ENV === 'development';
  const { pathname } = request.nextUrl;
  const withHeaders = (response: Response) => applySecurityHeaders(response, { pathname, appUrl: getEnv().APP_URL, nonce, dev });
  const refused = await checkServerActionRequest(request, pathname);
  if (refused) return withHeaders(refused.toResponse());

  const forward = () => {
    // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
    const headers = new Headers(request.headers);
    headers.set('content-security-policy', contentSecurityPolicy({ nonce, dev }));
    return NextResponse.next({ request: { headers } });
  };
  const response = AGENT_PAGES.test(pathname)
    ? ((await withAuth(forward, { pages: { signIn: '/login' }, secret: process.env.AUTH_SECRET })(request as never, event)) ?? forward())
    : forward();
  return withHeaders(response);
}

// Uploads stream past the proxy: Next buffers in memory every body the proxy sees, and cuts it off past 10 MB
// (experimental.proxyClientMaxBodySize). So the upload endpoints and API multipart requests are not matched; they
// check their own caller and set their own security headers.
export const config = {
  matcher: [
    { source: '/((?!_next/static|_next/image|favicon.ico|api/v1/|api/uploads$|submit/uploads$|t/[^/]+/uploads$).*)' },
    { source: '/api/v1/:path*', missing: [{ type: 'header', key: 'content-type', value: 'multipart/form-data.*' }] },
  ],
};

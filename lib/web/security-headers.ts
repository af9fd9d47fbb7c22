// The security headers of every response, decided in one place: proxy.ts applies them, and so do the routes the proxy
// lets by (streamed uploads, lib/web/file-route.ts and lib/web/api.ts).

export type SecurityHeaderOptions = {
  pathname: string;
  appUrl: string;
  // A fresh random value per request; Next.js puts it on its own scripts (read from the request's CSP header).
  nonce: string;
  dev?: boolean;
};

/** Personal links carry their secret in the path: never pass it on in a Referer header. */
const TOKEN_IN_PATH = /^\/(t|unsubscribe)\//;
// API routes and the upload endpoints answer JSON: no caching, no page policy.
const API = /^\/api\/|\/uploads$/;
// File downloads (attachments) set their own sandboxing CSP, caching and referrer headers. Next.js keeps the proxy's
// value of a header over the route's, so the proxy leaves those alone on these paths.
const SELF_SECURED_DOWNLOAD = /^\/api\/v1\/attachments\/[^/]+$|\/files\/[^/]+$/;

// Features Parley never uses; a page of ours (or something injected into it) may not ask for them. Only features
// browsers know: Chromium logs "Unrecognized feature" on every page for any other (Web Bluetooth has no policy name).
const PERMISSIONS_POLICY = [
  'camera',
  'microphone',
  'geolocation',
  'payment',
  'usb',
  'serial',
  'hid',
  'midi',
  'display-capture',
  'browsing-topics',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets Next.js's own chunks load theirs). Styles allow
 * inline: React Email's messages, shown in the admin's sandboxed srcdoc previews (which inherit this policy), are
 * styled inline, and styles cannot run code.
 */
export function contentSecurityPolicy({ nonce, dev = false }: { nonce: string; dev?: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The headers for one response. */
export function securityHeaders({ pathname, appUrl, nonce, dev = false }: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (appUrl.startsWith('https:')) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  if (SELF_SECURED_DOWNLOAD.test(pathname)) return headers;
  headers['X-Content-Type-Options'] = 'nosniff';
  headers['Referrer-Policy'] = TOKEN_IN_PATH.test(pathname) ? 'no-referrer' : 'strict-origin-when-cross-origin';
  headers['Permissions-Policy'] = PERMISSIONS_POLICY;
  if (API.test(pathname)) {
    headers['Cache-Control'] = 'no-store';
  } else {
    headers['Content-Security-Policy'] = contentSecurityPolicy({ nonce, dev });
    headers['X-Frame-Options'] = 'DENY';
  }
  return headers;
}

/** Sets `securityHeaders` on a response (in place) and returns it. */
export function applySecurityHeaders(response: Response, options: SecurityHeaderOptions): Response {
  for (const [name, value] of Object.entries(securityHeaders(options))) response.headers.set(name, value);
  return response;
}

/**
 * Sets the headers of a JSON answer that a route sends past proxy.ts (the API, the streamed uploads): such a path gets
 * no Content-Security-Policy, so it needs no nonce.
 */
export function applyJsonSecurityHeaders(response: Response, { requestUrl, appUrl }: { requestUrl: string; appUrl: string }): Response {
  return applySecurityHeaders(response, { pathname: new URL(requestUrl).pathname, appUrl, nonce: '' });
}

/** A nonce for one request: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

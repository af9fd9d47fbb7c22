import 'server-only';
import { getEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { applyJsonSecurityHeaders } from '@/lib/web/security-headers';

/**
 * Runs a browser-facing file route (download or upload): AppErrors become their status with a plain message people
 * can read (`json` for the upload routes, whose answer a script reads).
 */
export async function fileRoute(
  run: () => Response | Promise<Response>,
  { jsonFor }: { jsonFor?: Request } = {},
): Promise<Response> {
  // Upload endpoints (answering JSON) are not seen by proxy.ts, which would buffer the stream: they set the headers.
  const secured = (response: Response) => (jsonFor ? applyJsonSecurityHeaders(response, { requestUrl: jsonFor.url, appUrl: getEnv().APP_URL }) : response);
  try {
    return secured(await run());
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (jsonFor) return secured(error.toResponse());
    return new Response(`${error.message}\n`, {
      status: error.status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    });
  }
}

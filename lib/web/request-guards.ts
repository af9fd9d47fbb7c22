import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/core/errors';

// Server-action requests Next.js would answer with a 500 (and an error in the log) are refused first, in proxy.ts,
// with a 4xx that says what is wrong: bodies over the limit, multipart that does not parse, arguments that are not
// JSON or are nested deeper than any form of ours could send.

/** Next.js's own limit for server-action bodies (serverActions.bodySizeLimit, 1 MB). */
export const ACTION_BODY_LIMIT = 1024 * 1024;
/** Far deeper than the arguments of any of Parley's forms; deep enough nesting overflows React's decoder. */
export const ACTION_MAX_NESTING = 64;

/** How deeply arrays and objects nest in a JSON text, found without recursion (strings are skipped). */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) deepest = Math.max(deepest, ++depth);
    else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return deepest;
}

function checkArguments(text: string): AppError | null {
  if (jsonNestingDepth(text) > ACTION_MAX_NESTING) return new AppError('bad_request', 'The form data is nested too deeply.');
  try {
    JSON.parse(text);
  } catch {
    return new AppError('bad_request', 'The form data could not be read.');
  }
  return null;
}

// The ids of the production build's server actions. Next answers an unknown id with a 404 too, but logs each one as
// an error; refusing it here keeps the log for real faults. Null in development, where actions change as you edit.
let actionIds: ReadonlySet<string> | null | undefined;
function buildActionIds(): ReadonlySet<string> | null {
  if (actionIds !== undefined) return actionIds;
  if (process.env.NODE_ENV !== 'production') return (actionIds = null);
  const manifest = path.join(process.cwd(), process.env.NEXT_DIST_DIR || '.next', 'server', 'server-reference-manifest.json');
  try {
    const { node = {}, edge = {} } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, Record<string, unknown>>;
    actionIds = new Set([...Object.keys(node), ...Object.keys(edge)]);
  } catch {
    actionIds = null;
  }
  return actionIds;
}

const isMultipart = (request: Request) => /^multipart\/form-data/i.test(request.headers.get('content-type') ?? '');

/**
 * The error a server-action request should get instead of reaching Next.js, or null when it may go on. Pages take
 * actions by POST with a Next-Action header (JavaScript) or as a multipart form post (without); API routes read
 * their own bodies and are not checked here.
 */
export async function checkServerActionRequest(
  request: Request,
  pathname: string,
  knownActionIds: ReadonlySet<string> | null = buildActionIds(),
): Promise<AppError | null> {
  if (request.method !== 'POST' || pathname.startsWith('/api/')) return null;
  if (!request.headers.has('next-action') && !isMultipart(request)) return null;
  const actionId = request.headers.get('next-action');
  if (actionId !== null && knownActionIds && !knownActionIds.has(actionId)) {
    return new AppError('not_found', 'This form is out of date or unknown: reload the page and try again.');
  }
  const tooLarge = new AppError('payload_too_large', 'The form is too large to send (the limit is 1 MB).');
  if (Number(request.headers.get('content-length') ?? 0) > ACTION_BODY_LIMIT) return tooLarge;
  const body = await request.clone().arrayBuffer();
  if (body.byteLength > ACTION_BODY_LIMIT) return tooLarge;
  const contentType = request.headers.get('content-type') ?? '';
  if (isMultipart(request)) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return new AppError('bad_request', 'The form data could not be read.');
    }
    // Fields named by a number carry encoded arguments (JSON); the rest are the form's own fields.
    for (const [name, value] of form) {
      if (typeof value === 'string' && /^\d+$/.test(name)) {
        const error = checkArguments(value);
        if (error) return error;
      }
    }
    return null;
  }
  return checkArguments(new TextDecoder().decode(body));
}

// Server actions over plain HTTP, as the browser calls them: POST to a page that uses the action, with the
// Next-Action header naming its id and the arguments encoded by React's own encodeReply. The ids come from the
// build's server-reference manifest, so the suite always calls the actions of the build it tests.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './env';
import { send, type Reply } from './http';

type ManifestEntry = { filename: string; exportedName: string; workers: Record<string, unknown> };

/** Every server action of the build, keyed `app/…/actions.ts#exportName`. */
export function buildActions(): Map<string, { id: string; pages: string[] }> {
  const distDir = path.join(root, process.env.NEXT_DIST_DIR || '.next');
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, ManifestEntry>;
  };
  const actions = new Map<string, { id: string; pages: string[] }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    actions.set(`${entry.filename}#${entry.exportedName}`, { id, pages: Object.keys(entry.workers) });
  }
  return actions;
}

const requireFromNext = createRequire(path.join(root, 'node_modules', 'next', 'package.json'));
const { encodeReply } = requireFromNext('next/dist/compiled/react-server-dom-webpack/client.edge') as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

/** The body and content type the browser sends for `action(previousState, formData)` (useActionState forms). */
export async function encodeFormAction(fields: Record<string, string>): Promise<{ body: Buffer; contentType: string }> {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.append(name, value);
  const encoded = await encodeReply([{}, formData]);
  const response = new Response(encoded as FormData);
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type')! };
}

export type ActionOutcome = 'ok' | 'refused' | 'error';

/** What an action call came to: `ok` (success state or a redirect elsewhere than sign-in), `refused`, or a 5xx. */
export function actionOutcome(reply: Reply): ActionOutcome {
  if (reply.status >= 500) return 'error';
  const redirect = String(reply.headers['x-action-redirect'] ?? '');
  if (redirect) return redirect.startsWith('/login') ? 'refused' : 'ok';
  if (reply.status !== 200) return 'refused';
  // Form actions return {ok: true} or {error}; others return their value, or an error row (no state) when they throw.
  const state = actionState(reply.body);
  return state !== null && typeof state === 'object' && !state.error && state.ok !== false ? 'ok' : 'refused';
}

/** The rows of a React Flight answer: `id:json\n`, or `id:T<hex byte length>,<text>` with no line end. */
function flightRows(body: string): Map<string, string> {
  const bytes = Buffer.from(body, 'utf8');
  const rows = new Map<string, string>();
  let at = 0;
  while (at < bytes.length) {
    const colon = bytes.indexOf(0x3a, at);
    if (colon < 0) break;
    const id = bytes.subarray(at, colon).toString();
    if (bytes[colon + 1] === 0x54 /* T */) {
      const comma = bytes.indexOf(0x2c, colon);
      const length = parseInt(bytes.subarray(colon + 2, comma).toString(), 16);
      rows.set(id, bytes.subarray(comma + 1, comma + 1 + length).toString());
      at = comma + 1 + length;
    } else {
      const end = bytes.indexOf(0x0a, colon);
      rows.set(id, bytes.subarray(colon + 1, end < 0 ? bytes.length : end).toString());
      at = end < 0 ? bytes.length : end + 1;
    }
  }
  return rows;
}

/**
 * The value the action returned: row 0 of the Flight answer names the row holding it (`"a":"$@1"`).
 * Null when the answer carries no result (e.g. the action was not run).
 */
export function actionState(body: string): { ok?: boolean; error?: string; data?: Record<string, unknown> } | null {
  const rows = flightRows(body);
  const resultRow = /"a":"\$@([0-9a-f]+)"/.exec(rows.get('0') ?? '')?.[1];
  const result = resultRow === undefined ? undefined : rows.get(resultRow);
  if (!result) return null;
  try {
    return JSON.parse(result);
  } catch {
    return null;
  }
}

/** The body and content type the browser sends for an action called with plain arguments. */
export async function encodeArguments(args: unknown[]): Promise<{ body: Buffer; contentType: string }> {
  const response = new Response((await encodeReply(args)) as string | FormData);
  return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type')! };
}

/** Calls an action as a form (`fields`) or with plain arguments (`args`). */
export async function callAction(
  baseUrl: string,
  { actionId, page, fields, args, cookie }: { actionId: string; page: string; fields?: Record<string, string>; args?: unknown[]; cookie?: string },
  options?: Parameters<typeof send>[2],
): Promise<Reply> {
  const { body, contentType } = args ? await encodeArguments(args) : await encodeFormAction(fields ?? {});
  return send(baseUrl, {
    method: 'POST',
    path: page,
    cookie,
    headers: { 'next-action': actionId, accept: 'text/x-component', 'content-type': contentType },
    body,
  }, options);
}

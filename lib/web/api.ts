import 'server-only';
import { z } from 'zod';
import { ticketPriorities, ticketStatuses, type Agent } from '@/db/schema';
import { authenticateApiToken } from '@/lib/auth/api-tokens';
import { isMultipart, parseMultipart } from '@/lib/files/multipart';
import type { StoredFile } from '@/lib/files/store';
import { getEnv } from '@/lib/core/env';
import { AppError, notFound, validationError } from '@/lib/core/errors';
import { applyJsonSecurityHeaders } from '@/lib/web/security-headers';
import { REPLY_PAGE_SIZE, ticketSorts } from '@/lib/tickets/tickets';

// The REST API's one wrapper: every /api/v1 handler runs inside apiHandler, so authentication, body parsing, route
// ids and error responses behave the same on every route.

type ApiContext<Id extends string> = {
  agent: Agent;
  req: Request;
  /** The route's ids, already parsed; a non-numeric id never reaches the handler (404). */
  ids: Record<Id, number>;
  /** The JSON object sent with POST, PATCH and PUT (or the form fields of a multipart body); `{}` for other methods. */
  body: Record<string, unknown>;
  /** Files of a multipart body, already in the attachment store; only routes made with apiHandlerWithFiles get any. */
  files: StoredFile[];
};

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

type Handler<Id extends string> = (context: ApiContext<Id>) => Response | Promise<Response>;

const methodsWithBody = new Set(['POST', 'PATCH', 'PUT']);

/** Database ids are positive whole numbers; anything else in the path names nothing that exists. */
const ID_PATTERN = /^[1-9]\d{0,15}$/;

function parseIds<Id extends string>(params: Record<string, string | string[] | undefined>, names: Record<Id, string>): Record<Id, number> {
  const ids = {} as Record<Id, number>;
  for (const [param, what] of Object.entries(names) as [Id, string][]) {
    const raw = params[param];
    const id = typeof raw === 'string' && ID_PATTERN.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(id)) throw notFound(what);
    ids[param] = id;
  }
  return ids;
}

async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', text.trim() === '' ? 'The request body is empty; send a JSON object.' : 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('bad_request', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function errorResponse(error: unknown, req: Request): Response {
  if (error instanceof AppError) return error.toResponse();
  // lib/ reports invalid input as AppErrors; a zod error escaping from a parse() still means bad input.
  if (error instanceof z.core.$ZodError) return validationError(error.issues).toResponse();
  console.error(`[api] ${req.method} ${new URL(req.url).pathname} failed:`, error);
  return Response.json({ error: { code: 'internal_error', message: 'Something went wrong on the server.' } }, { status: 500 });
}

/**
 * Form fields as the JSON they stand for: `customer.email` (or `customer[email]`) becomes `{ customer: { email } }`,
 * so a multipart request sends the same fields as a JSON one.
 */
export function nestFormFields(fields: Record<string, string>): Record<string, unknown> {
  const flat: Record<string, string> = {};
  const nested: Record<string, Record<string, string>> = {};
  for (const [key, value] of Object.entries(fields)) {
    const m = /^(\w+)(?:\.(\w+)|\[(\w+)\])$/.exec(key);
    if (m) (nested[m[1]] ??= {})[m[2] ?? m[3]] = value;
    else flat[key] = value;
  }
  // `customer.email` wins over a plain `customer` field, whichever came first.
  return { ...flat, ...nested };
}

async function readBody(req: Request, acceptsFiles: boolean): Promise<{ body: Record<string, unknown>; files: StoredFile[] }> {
  if (!methodsWithBody.has(req.method)) return { body: {}, files: [] };
  if (!isMultipart(req)) return { body: await readJsonObject(req), files: [] };
  if (!acceptsFiles) throw new AppError('bad_request', 'This route takes a JSON object, not multipart/form-data.');
  const { fields, files } = await parseMultipart(req);
  return { body: nestFormFields(fields), files };
}

function wrap<Id extends string>(idNames: Record<Id, string>, handler: Handler<Id>, acceptsFiles: boolean) {
  return async (req: Request, context: RouteContext): Promise<Response> => {
    // Multipart requests stream past proxy.ts (see its matcher), so the API sets its security headers itself.
    const secured = (response: Response) => applyJsonSecurityHeaders(response, { requestUrl: req.url, appUrl: getEnv().APP_URL });
    try {
      const agent = authenticateApiToken(req.headers.get('authorization'));
      const ids = parseIds(await context.params, idNames);
      const { body, files } = await readBody(req, acceptsFiles);
      return secured(await handler({ agent, req, ids, body, files }));
    } catch (error) {
      return secured(errorResponse(error, req));
    }
  };
}

/**
 * Wraps a route handler: 401 without a valid token (before anything else), 404 for an id that cannot exist,
 * 400 for a body that is not a JSON object, then the handler; AppErrors become their responses.
 * `ids` maps each route parameter to what it names, for the 404 message: `{ id: 'Ticket' }`.
 */
export function apiHandler(handler: Handler<never>): (req: Request, context: RouteContext) => Promise<Response>;
export function apiHandler<Id extends string>(ids: Record<Id, string>, handler: Handler<Id>): (req: Request, context: RouteContext) => Promise<Response>;
export function apiHandler<Id extends string>(idsOrHandler: Record<Id, string> | Handler<Id>, maybeHandler?: Handler<Id>) {
  return typeof idsOrHandler === 'function' ? wrap({} as Record<Id, string>, idsOrHandler, false) : wrap(idsOrHandler, maybeHandler!, false);
}

/**
 * apiHandler for routes that also take `multipart/form-data`: the JSON fields as form fields plus one `files` part per
 * file, streamed into the attachment store before the handler runs (the token is checked first).
 */
export function apiHandlerWithFiles<Id extends string>(ids: Record<Id, string>, handler: Handler<Id>) {
  return wrap(ids, handler, true);
}

const emptyAsMissing = (value: unknown) => (value === '' ? undefined : value);

/** `?q=&page=` of every API list; unlike the pages, a bad value is a 422 rather than silently ignored. */
export const apiListQuerySchema = z.object({
  q: z.string().trim().max(200, 'must be at most 200 characters').default(''),
  page: z.preprocess(
    emptyAsMissing,
    z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'is too large').default(1),
  ),
});

export const apiTicketListQuerySchema = apiListQuerySchema.extend({
  status: z.preprocess(emptyAsMissing, z.enum(ticketStatuses, { message: `must be one of ${ticketStatuses.join(', ')}` }).optional()),
  assignee: z.preprocess(emptyAsMissing, z.enum(['mine', 'unassigned', 'any'], { message: 'must be one of mine, unassigned, any' }).default('any')),
  priority: z.preprocess(emptyAsMissing, z.enum(ticketPriorities, { message: `must be one of ${ticketPriorities.join(', ')}` }).optional()),
  tag: z.preprocess(emptyAsMissing, z.string().trim().max(100, 'must be at most 100 characters').optional()),
  sort: z.preprocess(emptyAsMissing, z.enum(ticketSorts, { message: `must be one of ${ticketSorts.join(', ')}` }).default('activity')),
  // csv: every matching ticket (not one page) as a CSV file, streamed (lib/web/csv-exports.ts).
  format: z.preprocess(emptyAsMissing, z.enum(['json', 'csv'], { message: 'must be json or csv' }).default('json')),
});

/** `?before=&limit=` of a ticket's replies: a cursor from `nextCursor`, and a page size up to 100. */
export const apiRepliesQuerySchema = z.object({
  before: z.preprocess(emptyAsMissing, z.string().max(100, 'is not a valid cursor').optional()),
  limit: z.preprocess(
    emptyAsMissing,
    z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(REPLY_PAGE_SIZE),
  ),
});

/** The request's query string, validated: 422 naming each bad parameter. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}

// The views with what they read (a ticket's replies, files, participants) live beside the views, below mail, so
// webhooks (lib/mail/webhooks) send the very same JSON.
export { loadRepliesPageView, loadReplyView, loadTicketView } from '@/lib/attachments/api-views';

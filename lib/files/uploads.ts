import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { getAuthSecret } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { parseMultipart } from '@/lib/files/multipart';
import { ATTACHMENTS_PER_REPLY, attachmentFilePath, SWEEP_GRACE_MS, tooManyFilesError, type StoredFile } from '@/lib/files/store';

// Browser forms attach files in two steps. Server actions buffer their whole body in memory (and Next caps its size),
// so files never go through them: each chosen, dropped or pasted file is POSTed at once to an upload route handler,
// which streams it into the store (lib/files/multipart.ts) and answers with an upload ticket. The form then
// sends only the tickets (hidden `upload` fields) with its server action, which attaches the files in the same
// transaction as the reply. A ticket is signed, names the stored file, and is bound to who uploaded it (an agent,
// one person's ticket link, or the public form), so nobody can attach a file by guessing its hash. It expires well
// inside the sweep's grace period, so a file behind a valid ticket is never swept before it is committed.

/** Who uploaded: `agent:<id>`, `link:<ticket>:<c|p><holder id>`, or `submit` for the public form. */
export type UploadScope = `agent:${number}` | `link:${number}:${'c' | 'p'}${number}` | 'submit';

export const linkUploadScope = (ticketId: number, holder: { kind: 'customer' | 'participant'; id: number }): UploadScope =>
  `link:${ticketId}:${holder.kind === 'customer' ? 'c' : 'p'}${holder.id}`;

const UPLOAD_TICKET_TTL_MS = SWEEP_GRACE_MS / 2;

const payloadSchema = z.object({
  s: z.string().regex(/^[0-9a-f]{64}$/),
  n: z.string().min(1).max(255),
  t: z.string().min(1).max(255),
  z: z.number().int().min(0),
  c: z.string(),
  e: z.number().int(),
});

const mac = (body: string) => createHmac('sha256', getAuthSecret()).update(`parley-upload:v1:${body}`).digest('base64url');

export function signUploadTicket(file: StoredFile, scope: UploadScope, now = Date.now()): string {
  const body = Buffer.from(
    JSON.stringify({ s: file.sha256, n: file.filename, t: file.contentType, z: file.size, c: scope, e: now + UPLOAD_TICKET_TTL_MS }),
  ).toString('base64url');
  return `${body}.${mac(body)}`;
}

/** The file behind a ticket made for this scope, or null when it was altered, is someone else's, or expired. */
export function verifyUploadTicket(ticket: string, scope: UploadScope, now = Date.now()): StoredFile | null {
  const [body, signature, ...rest] = ticket.split('.');
  if (!body || !signature || rest.length > 0) return null;
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: z.infer<typeof payloadSchema>;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  if (payload.c !== scope || payload.e < now) return null;
  return { sha256: payload.s, filename: payload.n, contentType: payload.t, size: payload.z };
}

/**
 * The files a form attaches: its `upload` tickets, checked. The form reports files it could not upload (too large,
 * failed, still uploading) in `uploadProblem`; then the whole submission is refused with that message.
 */
export function readUploadedFiles(formData: FormData, scope: UploadScope): StoredFile[] {
  const problem = formData.get('uploadProblem');
  if (typeof problem === 'string' && problem.trim() !== '') throw new AppError('validation_failed', problem, { files: problem });
  const tickets = formData.getAll('upload').filter((v): v is string => typeof v === 'string' && v !== '');
  if (tickets.length > ATTACHMENTS_PER_REPLY) throw tooManyFilesError();
  return tickets.map((ticket) => {
    const file = verifyUploadTicket(ticket, scope);
    if (!file || !fs.existsSync(attachmentFilePath(file.sha256))) {
      const message = 'An attached file is no longer available. Remove it, attach it again and resend.';
      throw new AppError('validation_failed', message, { files: message });
    }
    return file;
  });
}

/** An upload route: streams the `files` parts into the store and answers one ticket per file (201). */
export async function stageUploads(req: Request, scope: UploadScope): Promise<Response> {
  const { files } = await parseMultipart(req);
  if (files.length === 0) throw new AppError('validation_failed', 'Choose at least one file.', { files: 'no file' });
  return Response.json(
    { files: files.map((f) => ({ ticket: signUploadTicket(f, scope), filename: f.filename, size: f.size, contentType: f.contentType })) },
    { status: 201 },
  );
}

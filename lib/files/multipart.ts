import 'server-only';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { AppError } from '@/lib/core/errors';
import { ATTACHMENTS_PER_REPLY, maxAttachmentBytes, storeAttachmentFile, tooManyFilesError, type StoredFile } from '@/lib/files/store';

// multipart/form-data parsed as it arrives: each file part streams straight into the attachment store (to disk, with
// a fixed-size head kept for sniffing), so an upload is never held in memory, let alone twice. Text fields are small
// and kept. Any problem — a file over the limit, too many files, a broken body — is thrown after the whole body has
// been read, and nothing has been recorded: the files written so far are unreferenced and swept later.

export const isMultipart = (req: Request) => (req.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

export type MultipartBody = { fields: Record<string, string>; files: StoredFile[] };

export async function parseMultipart(req: Request, { fileField = 'files' }: { fileField?: string } = {}): Promise<MultipartBody> {
  const contentType = req.headers.get('content-type') ?? '';
  if (!isMultipart(req) || !req.body) throw new AppError('bad_request', 'Send the form as multipart/form-data.');
  const maxBytes = maxAttachmentBytes();
  let parser: BusboyInstance;
  try {
    parser = new Busboy({
      headers: { 'content-type': contentType },
      // One byte past the limit is enough for the store to tell the file is too large; busboy drops the rest.
      limits: { fileSize: maxBytes + 1, files: ATTACHMENTS_PER_REPLY, fields: 50, fieldSize: 256 * 1024 },
    });
  } catch {
    throw new AppError('bad_request', 'The multipart/form-data body is malformed (no boundary).');
  }
  const fields: Record<string, string> = {};
  const stored: Promise<StoredFile | AppError>[] = [];
  let problem: AppError | undefined;
  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (name, stream, filename) => {
    // A body cut off inside this part errors the part's stream, possibly before the store reads it (it opens its file
    // first) or on a part only drained: listened to at once, so it is the bad request below, not an uncaught crash.
    stream.on('error', (error) => {
      problem ??= new AppError('bad_request', `The multipart/form-data body could not be read: ${error.message}`);
    });
    // A browser sends an empty, nameless part for a file input left empty.
    if (!filename) {
      stream.resume();
      return;
    }
    if (name !== fileField) {
      problem ??= new AppError('validation_failed', `Send files in parts named "${fileField}".`, { [name]: `unexpected file part` });
      stream.resume();
      return;
    }
    // Caught here so an early failure never goes unhandled while the rest of the body is read.
    stored.push(storeAttachmentFile({ data: stream, filename, maxBytes }).catch((error: unknown) => {
      if (error instanceof AppError) return error;
      throw error;
    }));
  });
  parser.on('filesLimit', () => {
    problem ??= tooManyFilesError();
  });
  try {
    await pipeline(Readable.fromWeb(req.body as NodeWebReadableStream<Uint8Array>), parser);
  } catch (error) {
    await Promise.allSettled(stored);
    throw new AppError('bad_request', `The multipart/form-data body could not be read: ${error instanceof Error ? error.message : error}`);
  }
  const results = await Promise.all(stored);
  const failure = problem ?? results.find((r): r is AppError => r instanceof AppError);
  if (failure) throw failure;
  return { fields, files: results as StoredFile[] };
}

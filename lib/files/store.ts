import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { attachments, type ActorKind, type Attachment } from '@/db/schema';
import { getDb, type DbOrTx, type Tx } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { AppError } from '@/lib/core/errors';
import { ATTACHMENTS_PER_REPLY, formatBytes, tooLargeMessage, tooManyFilesMessage } from '@/lib/files/limits';
import { SNIFF_BYTES, sniffContentType } from '@/lib/files/sniff';

export { ATTACHMENTS_PER_REPLY, formatBytes };

// The attachment store. Files are content-addressed: `<data folder>/attachments/<first 2 hex>/<sha256>`, one copy
// however often a file is sent. Storing is two steps because a better-sqlite3 transaction is synchronous while
// writing and sniffing a stream is not:
//   1. `await storeAttachmentFile(...)` for each file, before the transaction: streams it to disk (fsynced), hashes,
//      sniffs and enforces the size limit. Nothing is recorded yet; a file no row ever references is swept later.
//   2. `insertAttachments(tx, ...)` inside the caller's transaction, with the reply it belongs to.
// Example (inbound mail): `const files = await Promise.all(parts.map((p) => storeAttachmentFile({ data: p.content,
// filename: p.filename })))`, then in `db.transaction((tx) => { const reply = …; insertAttachments(tx, { ticketId,
// replyId: reply.id, files, addedBy }) })`.

export const maxAttachmentBytes = () => Math.floor(getEnv().ATTACHMENT_MAX_MB * 1024 * 1024);

/** A file written to the store, not yet attached to anything. */
export type StoredFile = { filename: string; contentType: string; size: number; sha256: string };

export type AttachmentAuthor = { kind: ActorKind; id?: number | null; email?: string | null };

export const attachmentsFolder = () => path.join(path.dirname(getEnv().DATABASE_PATH), 'attachments');
const stagingFolder = () => path.join(attachmentsFolder(), 'tmp');
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function attachmentFilePath(sha256: string): string {
  if (!SHA256_PATTERN.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
  return path.join(attachmentsFolder(), sha256.slice(0, 2), sha256);
}

/** The name as sent, made safe to show and to put in a header: no folders, control or bidi characters, ≤ 200 chars. */
export function safeFilename(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return 'attachment';
  if (cleaned.length <= 200) return cleaned;
  const ext = path.extname(cleaned).slice(0, 20);
  return cleaned.slice(0, 200 - ext.length) + ext;
}

const tooLargeError = (filename: string, maxBytes = maxAttachmentBytes()) =>
  new AppError('payload_too_large', tooLargeMessage(filename, maxBytes), { files: `“${filename}” is over ${formatBytes(maxBytes)}` });

export const tooManyFilesError = () =>
  new AppError('payload_too_large', tooManyFilesMessage(), { files: `at most ${ATTACHMENTS_PER_REPLY} files` });

/**
 * Writes one file into the store and returns what it is. Over the size limit it throws a 413 AppError naming the
 * file, and leaves nothing behind; a stream is drained either way so a multipart parser can go on.
 */
export async function storeAttachmentFile({
  data,
  filename,
  maxBytes = maxAttachmentBytes(),
}: {
  data: Buffer | Uint8Array | Readable;
  filename: string;
  maxBytes?: number;
}): Promise<StoredFile> {
  const name = safeFilename(filename);
  if (!(data instanceof Readable) && data.byteLength > maxBytes) throw tooLargeError(name, maxBytes);
  const source = data instanceof Readable ? data : Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
  fs.mkdirSync(stagingFolder(), { recursive: true });
  const staging = path.join(stagingFolder(), `${randomUUID()}.part`);
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  let tooLarge = false;
  const file = await fs.promises.open(staging, 'wx');
  try {
    for await (const chunk of source) {
      const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      // Past the limit the rest is read and dropped, not written: the caller's parser must reach the next part.
      if (tooLarge || size > maxBytes) {
        tooLarge = true;
        continue;
      }
      hash.update(bytes);
      if (headLength < SNIFF_BYTES) {
        headChunks.push(bytes.subarray(0, SNIFF_BYTES - headLength));
        headLength += Math.min(bytes.length, SNIFF_BYTES - headLength);
      }
      await file.write(bytes);
    }
    if (!tooLarge) await file.sync();
  } catch (error) {
    await file.close();
    fs.rmSync(staging, { force: true });
    throw error;
  }
  await file.close();
  if (tooLarge) {
    fs.rmSync(staging, { force: true });
    throw tooLargeError(name, maxBytes);
  }
  const sha256 = hash.digest('hex');
  const contentType = await sniffContentType(Buffer.concat(headChunks));
  placeStagedFile(staging, sha256);
  return { filename: name, contentType, size, sha256 };
}

/**
 * Moves a staged file to its content address, or — when that file is already stored — drops the copy and marks the
 * stored one as fresh so the sweep's grace period starts again. Synchronous on purpose: the sweep checks and deletes
 * synchronously too, so in this process the two can never interleave.
 */
function placeStagedFile(staging: string, sha256: string): void {
  const target = attachmentFilePath(sha256);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (fs.existsSync(target)) {
    const now = new Date();
    fs.utimesSync(target, now, now);
    fs.rmSync(staging, { force: true });
  } else {
    fs.renameSync(staging, target);
  }
}

/** Records stored files as attachments of one reply, inside the caller's transaction. */
export function insertAttachments(
  tx: Tx,
  { ticketId, replyId, files, addedBy }: { ticketId: number; replyId: number; files: StoredFile[]; addedBy: AttachmentAuthor },
): Attachment[] {
  if (files.length === 0) return [];
  if (files.length > ATTACHMENTS_PER_REPLY) throw tooManyFilesError();
  return tx
    .insert(attachments)
    .values(
      files.map((f) => ({
        ticketId,
        replyId,
        filename: f.filename,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
        addedByKind: addedBy.kind,
        addedById: addedBy.id ?? null,
        addedByEmail: addedBy.email ?? null,
      })),
    )
    .returning()
    .all();
}

export function getAttachmentById({ id }: { id: number }, db: DbOrTx = getDb()): Attachment | undefined {
  return db.select().from(attachments).where(eq(attachments.id, id)).get();
}

/** Attachments of the given replies (removed ones included, so the reply can say so), grouped by reply id. */
export function listAttachmentsByReply({ replyIds }: { replyIds: number[] }, db: DbOrTx = getDb()): Map<number, Attachment[]> {
  const byReply = new Map<number, Attachment[]>();
  if (replyIds.length === 0) return byReply;
  const rows = db.select().from(attachments).where(inArray(attachments.replyId, replyIds)).orderBy(asc(attachments.id)).all();
  for (const row of rows) {
    const list = byReply.get(row.replyId) ?? [];
    list.push(row);
    byReply.set(row.replyId, list);
  }
  return byReply;
}

/** Opens a stored file for reading; undefined when its bytes are gone. */
export function openAttachmentFile(attachment: Pick<Attachment, 'sha256'>): fs.ReadStream | undefined {
  const file = attachmentFilePath(attachment.sha256);
  return fs.existsSync(file) ? fs.createReadStream(file) : undefined;
}

function isReferenced(sha256: string): boolean {
  return !!getDb()
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.sha256, sha256), isNull(attachments.removedAt)))
    .limit(1)
    .get();
}

/** A day: far longer than any request takes between storing a file and committing the row that names it. */
export const SWEEP_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes stored files no live attachment references (never referenced, or whose attachments were removed) and
 * abandoned staging files — only those untouched for the grace period, so a request that has stored a file but not
 * yet committed its row is never robbed. Each file's check and delete run synchronously together; the walk yields
 * between folders so a large store does not hold up requests.
 */
export async function sweepAttachmentFiles({ now = new Date(), graceMs = SWEEP_GRACE_MS }: { now?: Date; graceMs?: number } = {}): Promise<number> {
  const root = attachmentsFolder();
  if (!fs.existsSync(root)) return 0;
  const cutoff = now.getTime() - graceMs;
  let deleted = 0;
  for (const folder of fs.readdirSync(root)) {
    const dir = path.join(root, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile() || stat.mtimeMs > cutoff) continue;
      const orphan = folder === 'tmp' ? name.endsWith('.part') : SHA256_PATTERN.test(name) && !isReferenced(name);
      if (orphan) {
        fs.rmSync(file, { force: true });
        deleted++;
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return deleted;
}

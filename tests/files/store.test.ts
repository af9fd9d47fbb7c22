import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sniffContentType } from '@/lib/files/sniff';
import {
  attachmentFilePath,
  attachmentsFolder,
  insertAttachments,
  listAttachmentsByReply,
  safeFilename,
  storeAttachmentFile,
  sweepAttachmentFiles,
  SWEEP_GRACE_MS,
} from '@/lib/files/store';
import { getDb } from '@/lib/core/db';
import { appErrorFrom } from '@/tests/support/helpers';
import { newTicket, repliesOf } from '@/tests/support/link-fixtures';

// A 1×1 PNG and the start of a PDF: enough bytes for their signatures.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

const stagingFiles = () => {
  const dir = path.join(attachmentsFolder(), 'tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('sniffing', () => {
  it('names binary formats by their bytes, whatever the file is called', async () => {
    expect((await storeAttachmentFile({ data: PNG, filename: 'report.pdf' })).contentType).toBe('image/png');
    expect((await storeAttachmentFile({ data: PDF, filename: 'screenshot.png' })).contentType).toBe('application/pdf');
  });

  it('tells text, HTML and SVG apart and never calls them images that may show inline', async () => {
    const sniff = (text: string) => sniffContentType(Buffer.from(text));
    expect(await sniff('just a log line\nanother\n')).toBe('text/plain');
    expect(await sniff('<!DOCTYPE html><html><script>alert(1)</script></html>')).toBe('text/html');
    expect(await sniff('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')).not.toMatch(
      /^image\/(png|jpeg|gif|webp)$/,
    );
    expect(await sniff('<svg xmlns="http://www.w3.org/2000/svg"></svg>')).toBe('image/svg+xml');
    expect(await sniffContentType(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]))).not.toBe('text/plain');
    expect(await sniffContentType(Buffer.alloc(0))).toBe('application/octet-stream');
  });
});

describe('limits', () => {
  it('refuses a buffer over the limit, naming the file and the limit, and stores nothing', async () => {
    const before = stagingFiles().length;
    const error = await appErrorFrom(() => storeAttachmentFile({ data: Buffer.alloc(2048, 1), filename: 'big.bin', maxBytes: 1024 }));
    expect(error.status).toBe(413);
    expect(error.message).toContain('big.bin');
    expect(error.message).toContain('1 KB limit');
    expect(stagingFiles().length).toBe(before);
  });

  it('refuses a stream over the limit after reading it to the end, and leaves no staging file', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(300, 7));
    const source = Readable.from(chunks);
    const error = await appErrorFrom(() => storeAttachmentFile({ data: source, filename: 'huge.log', maxBytes: 1000 }));
    expect(error.code).toBe('payload_too_large');
    expect(source.readableEnded).toBe(true);
    expect(stagingFiles()).toEqual([]);
    const sha = (await import('node:crypto')).createHash('sha256').update(Buffer.concat(chunks)).digest('hex');
    expect(fs.existsSync(attachmentFilePath(sha))).toBe(false);
  });

  it('accepts a file of exactly the limit', async () => {
    const stored = await storeAttachmentFile({ data: Readable.from([Buffer.alloc(1000, 3)]), filename: 'exact.bin', maxBytes: 1000 });
    expect(stored.size).toBe(1000);
  });

  it('refuses more than ten files on one reply', async () => {
    const ticket = newTicket();
    const reply = repliesOf(ticket.id)[0];
    const file = await storeAttachmentFile({ data: Buffer.from('x'), filename: 'x.txt' });
    const error = await appErrorFrom(() =>
      getDb().transaction((tx) => insertAttachments(tx, { ticketId: ticket.id, replyId: reply.id, files: Array(11).fill(file), addedBy: { kind: 'system' } })),
    );
    expect(error.status).toBe(413);
    expect(listAttachmentsByReply({ replyIds: [reply.id] }).size).toBe(0);
  });
});

describe('content addressing', () => {
  it('keeps one copy per content under its SHA-256, however often it is sent', async () => {
    const content = Buffer.from(`same bytes ${Math.random()}`);
    const a = await storeAttachmentFile({ data: content, filename: 'a.txt' });
    const b = await storeAttachmentFile({ data: Readable.from([content.subarray(0, 5), content.subarray(5)]), filename: 'b.txt' });
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(attachmentFilePath(a.sha256))).toEqual(content);
    expect(fs.readdirSync(path.dirname(attachmentFilePath(a.sha256))).filter((f) => f === a.sha256)).toHaveLength(1);
    expect(stagingFiles()).toEqual([]);
    expect([a.filename, b.filename]).toEqual(['a.txt', 'b.txt']);
  });

  it('records attachments on a reply inside the caller’s transaction', async () => {
    const ticket = newTicket();
    const reply = repliesOf(ticket.id)[0];
    const file = await storeAttachmentFile({ data: PNG, filename: 'screen.png' });
    const rows = getDb().transaction((tx) =>
      insertAttachments(tx, { ticketId: ticket.id, replyId: reply.id, files: [file], addedBy: { kind: 'customer', id: ticket.customerId, email: 'c@x.test' } }),
    );
    expect(rows[0]).toMatchObject({ ticketId: ticket.id, replyId: reply.id, filename: 'screen.png', contentType: 'image/png', size: PNG.length });
    expect(listAttachmentsByReply({ replyIds: [reply.id] }).get(reply.id)?.map((a) => a.id)).toEqual([rows[0].id]);
  });

  it('makes names safe to show: no folders, control or direction characters', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(safeFilename('evil\u202Egnp.exe')).toBe('evilgnp.exe');
    expect(safeFilename('a\r\nb.txt')).toBe('ab.txt');
    expect(safeFilename('  ')).toBe('attachment');
    expect(safeFilename(`${'x'.repeat(300)}.pdf`)).toMatch(/^x{196}\.pdf$/);
  });
});

describe('the sweep', () => {
  const age = (file: string, ms: number) => {
    const then = new Date(Date.now() - ms);
    fs.utimesSync(file, then, then);
  };

  it('deletes old unreferenced files and abandoned staging files, keeps referenced and recent ones', async () => {
    const ticket = newTicket();
    const reply = repliesOf(ticket.id)[0];
    const kept = await storeAttachmentFile({ data: Buffer.from(`kept ${Math.random()}`), filename: 'kept.txt' });
    getDb().transaction((tx) => insertAttachments(tx, { ticketId: ticket.id, replyId: reply.id, files: [kept], addedBy: { kind: 'system' } }));
    const orphan = await storeAttachmentFile({ data: Buffer.from(`orphan ${Math.random()}`), filename: 'orphan.txt' });
    const fresh = await storeAttachmentFile({ data: Buffer.from(`fresh ${Math.random()}`), filename: 'fresh.txt' });
    const abandoned = path.join(attachmentsFolder(), 'tmp', 'crashed-upload.part');
    fs.writeFileSync(abandoned, 'half a file');
    for (const file of [attachmentFilePath(kept.sha256), attachmentFilePath(orphan.sha256), abandoned]) age(file, SWEEP_GRACE_MS + 60_000);

    const deleted = await sweepAttachmentFiles();
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(attachmentFilePath(kept.sha256))).toBe(true);
    expect(fs.existsSync(attachmentFilePath(orphan.sha256))).toBe(false);
    // Stored moments ago and not yet referenced: a request may still be about to commit it.
    expect(fs.existsSync(attachmentFilePath(fresh.sha256))).toBe(true);
    expect(fs.existsSync(abandoned)).toBe(false);
  });

  it('restarts the grace period when an old unreferenced file is sent again', async () => {
    const content = Buffer.from(`resent ${Math.random()}`);
    const first = await storeAttachmentFile({ data: content, filename: 'r.txt' });
    age(attachmentFilePath(first.sha256), SWEEP_GRACE_MS + 60_000);
    await storeAttachmentFile({ data: content, filename: 'r.txt' });
    await sweepAttachmentFiles();
    expect(fs.existsSync(attachmentFilePath(first.sha256))).toBe(true);
  });
});

// `npm run bench:uploads`: streams a multipart upload of BENCH_UPLOAD_MB (default 100 MB, the limit raised to match)
// through the same parser the upload routes use and checks it is never held in memory: the resident set may grow by
// at most half the file (garbage from the chunks in flight is collected lazily, so a small file says little).
// Exits non-zero when the target is missed. Numbers, not assertions in tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-uploads-'));
process.env.DATABASE_PATH = path.join(dir, 'bench.db');
process.env.AUTH_SECRET ??= 'bench-secret-bench-secret-bench-secret-0123';
process.env.ATTACHMENT_MAX_MB = process.env.BENCH_UPLOAD_MB ?? '100';

const CHUNK = 64 * 1024;

/** A multipart body of one file of `size` bytes, produced chunk by chunk as a network upload would arrive. */
function streamedUpload(size: number): Request {
  const boundary = '----parley-bench';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let sent = 0;
  let stage: 'head' | 'body' | 'tail' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stage === 'head') {
        controller.enqueue(head);
        stage = 'body';
      } else if (stage === 'body') {
        const n = Math.min(CHUNK, size - sent);
        // Fresh bytes each time (not one reused buffer), so a parser that kept them would show in the numbers.
        controller.enqueue(Buffer.alloc(n, sent % 251));
        sent += n;
        if (sent >= size) stage = 'tail';
      } else if (stage === 'tail') {
        controller.enqueue(tail);
        stage = 'done';
      } else controller.close();
    },
  });
  return new Request('http://bench.local/upload', {
    method: 'POST',
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    duplex: 'half',
  } as RequestInit);
}

async function main() {
  const { parseMultipart } = await import('@/lib/files/multipart');
  const { maxAttachmentBytes } = await import('@/lib/files/store');
  const size = maxAttachmentBytes();
  // Warm up (module loading, the first file's folders) with a small file.
  await parseMultipart(streamedUpload(CHUNK));
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  const start = performance.now();
  const { files } = await parseMultipart(streamedUpload(size));
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const growthMb = (peak - baseline) / (1024 * 1024);
  const limitMb = size / (1024 * 1024) / 2;
  const ok = files[0]?.size === size && growthMb <= limitMb;
  console.log(`  upload of ${(size / (1024 * 1024)).toFixed(0)} MB streamed to disk in ${ms.toFixed(0)} ms (${((size / (1024 * 1024)) / (ms / 1000)).toFixed(0)} MB/s)`);
  console.log(`  resident memory grew by ${growthMb.toFixed(1)} MB at its peak (target ≤ ${limitMb.toFixed(0)} MB, half the file) ${ok ? 'ok' : 'MISSED'}`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

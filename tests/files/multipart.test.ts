import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMultipart } from '@/lib/files/multipart';
import { attachmentsFolder } from '@/lib/files/store';
import { nestFormFields } from '@/lib/web/api';
import { appErrorFrom } from '@/tests/support/helpers';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const multipartRequest = (body: string) =>
  new Request('http://parley.test/submit/uploads', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body });

describe('parseMultipart', () => {
  it('reads the fields and streams each file part into the store', async () => {
    const body = '--x\r\ncontent-disposition: form-data; name="message"\r\n\r\nHello\r\n--x\r\ncontent-disposition: form-data; name="files"; filename="a.txt"\r\ncontent-type: text/plain\r\n\r\nfile body\r\n--x--\r\n';
    const parsed = await parseMultipart(multipartRequest(body));
    expect(parsed.fields).toEqual({ message: 'Hello' });
    expect(parsed.files.map((f) => [f.filename, f.size])).toEqual([['a.txt', 9]]);
  });

  // The reliability fuzz found it: the part's error came before the store listened, crashed the process
  // (uncaughtException) and left the request unanswered.
  it.each([
    ['a file part', 'name="files"; filename="a.txt"'],
    ['a part it skips', 'name="other"; filename="a.txt"'],
  ])('answers a body cut off inside %s with bad_request', async (_, disposition) => {
    const error = await appErrorFrom(() => parseMultipart(multipartRequest(`--x\r\ncontent-disposition: form-data; ${disposition}\r\n\r\nunterminated`)));
    expect(error.code).toBe('bad_request');
  });
});

describe('multipart forms', () => {
  const multipart = (form: FormData) => new Request('http://parley.test/upload', { method: 'POST', body: form });

  it('streams file parts into the store and keeps the fields', async () => {
    const form = new FormData();
    form.append('message', 'with files');
    form.append('customer.email', 'x@y.test');
    form.append('files', new Blob([PNG]), 'a.png');
    form.append('files', new Blob(['hello']), 'b.txt');
    const { fields, files } = await parseMultipart(multipart(form));
    expect(nestFormFields(fields)).toEqual({ message: 'with files', customer: { email: 'x@y.test' } });
    expect(files.map((f) => [f.filename, f.contentType, f.size])).toEqual([
      ['a.png', 'image/png', PNG.length],
      ['b.txt', 'text/plain', 5],
    ]);
  });

  it('refuses a file over ATTACHMENT_MAX_MB and more than ten files', async () => {
    const big = new FormData();
    big.append('files', new Blob([Buffer.alloc(20 * 1024 * 1024 + 1)]), 'huge.bin');
    const error = await appErrorFrom(() => parseMultipart(multipart(big)));
    expect(error.status).toBe(413);
    expect(error.message).toContain('huge.bin');
    expect(error.message).toContain('20 MB');
    const many = new FormData();
    for (let i = 0; i < 11; i++) many.append('files', new Blob([`f${i}`]), `f${i}.txt`);
    expect((await appErrorFrom(() => parseMultipart(multipart(many)))).status).toBe(413);
  });

  it('gives up cleanly on a body cut short, leaving no staging file behind', async () => {
    const boundary = 'cut';
    let step = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (step++ === 0) {
          controller.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="half.bin"\r\n\r\n`));
          controller.enqueue(Buffer.alloc(100_000, 1));
        } else controller.error(new Error('connection reset'));
      },
    });
    const req = new Request('http://parley.test/upload', {
      method: 'POST',
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      duplex: 'half',
    } as RequestInit);
    expect((await appErrorFrom(() => parseMultipart(req))).status).toBe(400);
    const staging = `${attachmentsFolder()}/tmp`;
    expect(fs.existsSync(staging) ? fs.readdirSync(staging) : []).toEqual([]);
  });

  it('refuses a body that is not multipart', async () => {
    const error = await appErrorFrom(() => parseMultipart(new Request('http://parley.test/', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })));
    expect(error.status).toBe(400);
  });
});

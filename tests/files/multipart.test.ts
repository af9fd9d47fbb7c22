import { describe, expect, it } from 'vitest';
import { parseMultipart } from '@/lib/files/multipart';
import { appErrorFrom } from '@/tests/support/helpers';

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

import { describe, expect, it } from 'vitest';
import { ACTION_BODY_LIMIT, checkServerActionRequest, jsonNestingDepth } from '@/lib/web/request-guards';

// Issue 10, found 5: malformed server-action requests used to reach Next.js and come back as 500s.

const action = (body: BodyInit, contentType: string, headers: Record<string, string> = { 'next-action': '7fabc' }) =>
  // An empty content type lets a FormData body set its own multipart boundary.
  new Request('http://parley.test/submit', { method: 'POST', body, headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers } });
const check = async (request: Request, path = '/submit') => (await checkServerActionRequest(request, path))?.toJSON().error ?? null;

function encodedForm(args: string) {
  const form = new FormData();
  form.set('0', args);
  form.set('1_email', 'a@b.test');
  return form;
}

describe('jsonNestingDepth', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonNestingDepth('[]')).toBe(1);
    expect(jsonNestingDepth('[{"a":[1]}]')).toBe(3);
    expect(jsonNestingDepth('["[[[[", "\\"[[["]')).toBe(1);
    expect(jsonNestingDepth('['.repeat(50_000) + ']'.repeat(50_000))).toBe(50_000);
  });
});

describe('checkServerActionRequest', () => {
  it('lets well-formed action calls through, as React encodes them', async () => {
    expect(await check(action(encodedForm('[{},"$K1"]'), ''))).toBeNull();
    expect(await check(action('["$K1",{"a":[1,2]}]', 'text/plain;charset=UTF-8'))).toBeNull();
  });

  it('refuses an action id the build does not have, before Next.js logs it as an error', async () => {
    const known = new Set(['7fabc']);
    expect(await checkServerActionRequest(action(encodedForm('[{},"$K1"]'), ''), '/submit', known)).toBeNull();
    for (const id of ['ffffffffffffffffffffffffffffffffffffffffff', '../../etc/passwd', '']) {
      const refused = await checkServerActionRequest(action('[]', 'text/plain', { 'next-action': id }), '/submit', known);
      expect(refused?.toJSON().error).toMatchObject({ code: 'not_found' });
    }
  });

  it('refuses multipart that does not parse', async () => {
    const broken = action('--XYZ\r\nContent-Disposition: form-data; name="1_subject"\r\n\r\nhello', 'multipart/form-data; boundary=XYZ');
    expect(await check(broken)).toMatchObject({ code: 'bad_request', message: 'The form data could not be read.' });
    expect(await check(action('abc', 'multipart/form-data'))).toMatchObject({ code: 'bad_request' });
    // Also without the Next-Action header: a form posted without JavaScript.
    expect(await check(action('abc', 'multipart/form-data; boundary=q', {}))).toMatchObject({ code: 'bad_request' });
  });

  it('refuses bodies over the limit, by header or by size', async () => {
    expect(await check(action('x'.repeat(ACTION_BODY_LIMIT + 1), 'text/plain'))).toMatchObject({ code: 'payload_too_large' });
    const form = encodedForm('[]');
    form.set('1_message', 'x'.repeat(ACTION_BODY_LIMIT));
    expect(await check(action(form, ''))).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses 50,000-deep arguments and arguments that are not JSON', async () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    expect(await check(action(deep, 'text/plain'))).toMatchObject({ code: 'bad_request', message: 'The form data is nested too deeply.' });
    expect(await check(action(encodedForm(deep), ''))).toMatchObject({ code: 'bad_request' });
    expect(await check(action('[{', 'text/plain'))).toMatchObject({ code: 'bad_request', message: 'The form data could not be read.' });
  });

  it('leaves other requests alone: GETs, plain form posts, API routes', async () => {
    expect(await check(new Request('http://parley.test/submit'))).toBeNull();
    expect(await check(action('a=b', 'application/x-www-form-urlencoded', {}))).toBeNull();
    expect(await check(action('abc', 'multipart/form-data'), '/api/v1/tickets')).toBeNull();
  });
});

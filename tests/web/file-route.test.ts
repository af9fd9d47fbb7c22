import { describe, expect, it } from 'vitest';
import { AppError, notFound } from '@/lib/core/errors';
import { fileRoute } from '@/lib/web/file-route';

describe('fileRoute', () => {
  const upload = new Request('http://parley.test/api/uploads', { method: 'POST' });

  it('turns an AppError into its status with a plain-text message a person can read', async () => {
    const response = await fileRoute(() => {
      throw notFound('Attachment');
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Attachment not found.\n');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers JSON with the API’s security headers for upload routes, errors and successes alike', async () => {
    const refused = await fileRoute(
      async () => {
        throw new AppError('payload_too_large', 'Too big.');
      },
      { jsonFor: upload },
    );
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: { code: 'payload_too_large', message: 'Too big.' } });
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    const ok = await fileRoute(() => Response.json({ uploads: [] }), { jsonFor: upload });
    expect(ok.headers.get('cache-control')).toBe('no-store');
    // A download keeps its own headers: the route sets them.
    const download = await fileRoute(() => new Response('bytes', { headers: { 'Cache-Control': 'private, no-cache' } }));
    expect(download.headers.get('cache-control')).toBe('private, no-cache');
    expect(download.headers.get('permissions-policy')).toBeNull();
  });

  it('lets anything but an AppError through (a server fault, not a refusal)', async () => {
    await expect(fileRoute(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
  });
});

import { getDb } from '@/lib/core/db';
import { AppError } from '@/lib/core/errors';
import { receiveResendWebhook, webhookHeadersFrom } from '@/lib/mail/inbound/resend';

export const dynamic = 'force-dynamic';

// POST /api/inbound/resend – Resend's email.received webhook: verified, fetched and stored before the 200
export async function POST(request: Request) {
  try {
    const result = await receiveResendWebhook(getDb(), await request.text(), webhookHeadersFrom(request.headers));
    return Response.json({ ok: true, ...result });
  } catch (error) {
    if (error instanceof AppError) return error.toResponse();
    console.error('parley: the Resend webhook could not be handled:', error);
    return Response.json({ error: { code: 'unavailable', message: 'Try again later.' } }, { status: 503 });
  }
}

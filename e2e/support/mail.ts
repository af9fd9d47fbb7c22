import { expect, type APIRequestContext } from '@playwright/test';
import { captureUrl } from './env';

// What the main app sent through the real resend SDK to the capture server (e2e/support/capture-server.ts).

export type CapturedEmail = {
  id: string;
  idempotencyKey: string | null;
  attempts: number;
  body: {
    from: string;
    to: string | string[];
    cc?: unknown;
    bcc?: unknown;
    subject: string;
    html: string;
    text: string;
    reply_to?: string | string[];
    headers: Record<string, string>;
  };
};

export async function capturedEmails(request: APIRequestContext): Promise<CapturedEmail[]> {
  const response = await request.get(`${captureUrl}/__messages`);
  return ((await response.json()) as { messages: CapturedEmail[] }).messages;
}

/** The messages to one address, oldest first. */
export async function emailsTo(request: APIRequestContext, address: string): Promise<CapturedEmail[]> {
  return (await capturedEmails(request)).filter((m) => [m.body.to].flat().includes(address));
}

/** Waits until `address` has a message whose subject contains `subject` and returns it (fails if it gets two). */
export async function waitForEmail(request: APIRequestContext, address: string, subject: string | RegExp): Promise<CapturedEmail> {
  const matching = async () => (await emailsTo(request, address)).filter((m) => (typeof subject === 'string' ? m.body.subject.includes(subject) : subject.test(m.body.subject)));
  await expect.poll(async () => (await matching()).length, { message: `an email to ${address} about ${subject}`, timeout: 20_000 }).toBeGreaterThan(0);
  const found = await matching();
  expect(found, `exactly one email to ${address} about ${subject}`).toHaveLength(1);
  return found[0];
}

export async function setOutage(request: APIRequestContext, outage: { failures: number; status?: number; loseResponse?: boolean; to?: string }) {
  expect((await request.post(`${captureUrl}/__outage`, { data: outage })).ok()).toBe(true);
}

export async function failuresLeft(request: APIRequestContext): Promise<number> {
  return ((await (await request.get(`${captureUrl}/__outage`)).json()) as { failuresLeft: number }).failuresLeft;
}

/** The first link in a message's text that starts with `prefix`. */
export function linkIn(email: CapturedEmail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}\\S+`).exec(email.body.text);
  expect(match, `a link starting ${prefix} in “${email.body.subject}”`).not.toBeNull();
  return match![0];
}

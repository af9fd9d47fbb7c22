// Retrying a message that could not be sent: capped exponential backoff, then give up and show it to admins.

export const MAX_SEND_ATTEMPTS = 12;
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** Wait before the next try after `attempts` failed ones: base·2^(attempts−1), at most an hour. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(baseMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
}

/** After this failed attempt, does the message get another? Permanent errors (a refused address) get none. */
export function shouldRetry({ attempts, permanent }: { attempts: number; permanent: boolean }): boolean {
  return !permanent && attempts < MAX_SEND_ATTEMPTS;
}

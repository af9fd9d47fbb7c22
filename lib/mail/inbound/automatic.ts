// Mail that nobody typed: auto-replies, bulk mail and bounces. Such a message is kept on its ticket, marked as
// automatic, and causes no notification, no status change and no new ticket, so two robots can never loop.

export type AutomaticKind = 'bounce' | 'auto-reply' | 'bulk';
export type AutomaticVerdict = { kind: AutomaticKind; reason: string } | null;

const first = (headers: Record<string, string[]>, name: string) => headers[name]?.[0]?.trim() ?? null;

const DAEMON_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailer_daemon)@/i;

/** Why a message is automatic, or null for mail a person wrote. Header names are lower-case. */
export function classifyAutomatic(headers: Record<string, string[]>, fromEmail: string | null): AutomaticVerdict {
  const contentType = first(headers, 'content-type') ?? '';
  const returnPath = headers['return-path'];
  if (/multipart\/report/i.test(contentType) && /report-type\s*=\s*"?delivery-status/i.test(contentType)) {
    return { kind: 'bounce', reason: 'delivery status report' };
  }
  if (fromEmail && DAEMON_SENDER.test(fromEmail)) return { kind: 'bounce', reason: `sent by ${fromEmail}` };
  const autoSubmitted = first(headers, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.split(';')[0].trim().toLowerCase() !== 'no') {
    return { kind: 'auto-reply', reason: `Auto-Submitted: ${autoSubmitted}` };
  }
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress']) {
    const value = first(headers, name);
    if (value !== null) return { kind: 'auto-reply', reason: `${name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())}: ${value}` };
  }
  const precedence = first(headers, 'precedence')?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return { kind: 'bulk', reason: `Precedence: ${precedence}` };
  // An empty Return-Path (`<>`) is the null sender of bounces and auto-replies.
  if (returnPath && returnPath.some((value) => /^<\s*>$/.test(value.trim()))) return { kind: 'bounce', reason: 'empty Return-Path' };
  return null;
}

/** The Parley Message-IDs a bounce quotes (the notification that could not be delivered). */
export function referencedParleyIds(rawText: string): string[] {
  return [...new Set([...rawText.matchAll(/<(outbox-\d+\.\d+\.[0-9a-f]{20}@[^\s<>]+)>/gi)].map((m) => m[1].toLowerCase()))];
}

/** The server's explanation in a delivery status report, for the Delivery list. */
export function bounceDiagnostic(rawText: string): string {
  const diagnostic = /^Diagnostic-Code:\s*(.+(?:\r?\n[ \t].+)*)/im.exec(rawText)?.[1];
  const status = /^Status:\s*(\d\.\d+\.\d+)/im.exec(rawText)?.[1];
  const text = (diagnostic ?? (status ? `status ${status}` : 'no reason given')).replace(/\s+/g, ' ').trim();
  return `Bounced: ${text}`.slice(0, 500);
}

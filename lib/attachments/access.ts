import 'server-only';
import { eq } from 'drizzle-orm';
import { attachments, replies, type Agent, type Attachment, type Reply } from '@/db/schema';
import { recipientsByReply, visibilityFacts } from '@/lib/tickets/audience';
import { resolveAccessLink, linkRefusalMessages } from '@/lib/participants/link-access';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { isInlineImage } from '@/lib/files/sniff';
import { listAttachmentsByReply, openAttachmentFile } from '@/lib/files/store';
import { getDb } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { AppError, forbidden, notFound } from '@/lib/core/errors';
import { canAgentFetchAttachment, canLinkHolderFetchAttachment, canRemoveAttachment } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { getTicketById } from '@/lib/tickets/records';

// Who may fetch which file, asked of lib/auth/policy.ts on every download, and how a file is served.

type AttachmentWithReply = Attachment & { onPrivateNote: boolean; reply: Reply };

function getAttachmentWithReply(id: number): AttachmentWithReply | undefined {
  const row = getDb()
    .select({ attachment: attachments, reply: replies })
    .from(attachments)
    .innerJoin(replies, eq(replies.id, attachments.replyId))
    .where(eq(attachments.id, id))
    .get();
  return row ? { ...row.attachment, onPrivateNote: row.reply.private, reply: row.reply } : undefined;
}

const removedError = () => new AppError('not_found', 'This attachment was removed.');

/** A file for an agent (web session or API token): 404 when missing or removed, 403 when the ticket is hidden from them. */
export function getAttachmentForAgent({ id, agent }: { id: number; agent: Agent }): AttachmentWithReply {
  const attachment = getAttachmentWithReply(id);
  const ticket = attachment && getTicketById({ id: attachment.ticketId });
  if (!attachment || !ticket) throw notFound('Attachment');
  const settings = getSettings();
  if (!canAgentFetchAttachment(agent, ticket, { ...attachment, removedAt: null }, settings)) throw forbidden('You may not see this ticket.');
  if (attachment.removedAt) throw removedError();
  return attachment;
}

/**
 * A file through a personal link, with the link checked exactly as the ticket page checks it (a removed participant,
 * a rotated link or participants turned off are refused at once). Files of other tickets, of private notes and of
 * replies the holder may not see (side replies to others) are "not found", never hinted at.
 */
export function getAttachmentForLink({ token, id }: { token: string; id: number }): AttachmentWithReply {
  const link = resolveAccessLink(token);
  if (!link.ok) throw new AppError('forbidden', linkRefusalMessages[link.reason]);
  const attachment = getAttachmentWithReply(id);
  const reply = attachment && visibilityFacts(attachment.reply, recipientsByReply([attachment.reply.id]).get(attachment.reply.id));
  if (!attachment || !reply || !canLinkHolderFetchAttachment({ ticketId: link.access.ticket.id, viewer: link.access.viewer }, { ...attachment, removedAt: null, reply })) {
    throw notFound('Attachment');
  }
  if (attachment.removedAt) throw removedError();
  return attachment;
}

/** Admins remove a file for good: the row stays (the reply says "attachment removed"), the bytes are swept. */
export function removeAttachment({ id, agent }: { id: number; agent: Agent }): Attachment {
  const attachment = getAttachmentWithReply(id);
  const ticket = attachment && getTicketById({ id: attachment.ticketId });
  if (!attachment || !ticket) throw notFound('Attachment');
  if (!canRemoveAttachment(agent, ticket, getSettings())) throw forbidden('Only administrators can remove attachments.');
  if (attachment.removedAt) return attachment;
  return getDb().transaction((tx) => {
    const removed = tx
      .update(attachments)
      .set({ removedAt: new Date(), removedByAgentId: agent.id })
      .where(eq(attachments.id, id))
      .returning()
      .get();
    recordAudit(tx, {
      ticketId: attachment.ticketId,
      actor: agentActor(agent),
      action: 'attachment.removed',
      detail: { attachmentId: id, replyId: attachment.replyId, filename: attachment.filename, sha256: attachment.sha256 },
    });
    return removed;
  });
}

// ---- Serving ----

/** RFC 6266 / RFC 5987: a plain ASCII fallback name plus the exact name, UTF-8 and percent-encoded. */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The file as an HTTP response. Only PNG, JPEG, GIF and WebP may show inline (and only when `download` is not asked
 * for); everything else — HTML, SVG, executables — is a download, and the headers keep a browser from sniffing or
 * running it even if it tried.
 */
export function attachmentResponse(attachment: Attachment, req: Request): Response {
  const etag = `"${attachment.sha256}"`;
  const inline = isInlineImage(attachment.contentType) && !new URL(req.url).searchParams.has('download');
  const headers = new Headers({
    'Content-Type': inline || attachment.contentType === 'application/pdf' || attachment.contentType.startsWith('text/plain') ? attachment.contentType : 'application/octet-stream',
    'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', attachment.filename),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': 'sandbox',
    // Private: never in a shared cache. no-cache: a browser revalidates, so every view passes the checks above.
    'Cache-Control': 'private, no-cache',
    'Referrer-Policy': 'no-referrer',
    ETag: etag,
  });
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  const file = openAttachmentFile(attachment);
  if (!file) throw new AppError('not_found', 'The file of this attachment is missing from the server.');
  headers.set('Content-Length', String(attachment.size));
  return new Response(file as unknown as BodyInit, { headers });
}

// ---- Lists in the conversation, the API and emails ----

export type AttachmentView = {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  removed: boolean;
  isImage: boolean;
  url: string;
};

/** Where a viewer fetches a file: agents by ticket path, link holders under their own link, API clients under /api/v1. */
export type AttachmentUrls = { kind: 'agent' } | { kind: 'link'; token: string } | { kind: 'api' } | { kind: 'email-link'; ticketUrl: string };

export function attachmentUrl(attachment: Pick<Attachment, 'id' | 'ticketId'>, urls: AttachmentUrls, absolute = false): string {
  const base = absolute ? getEnv().APP_URL : '';
  switch (urls.kind) {
    case 'agent':
      return `${base}/tickets/${attachment.ticketId}/files/${attachment.id}`;
    case 'link':
      return `${base}/t/${urls.token}/files/${attachment.id}`;
    case 'api':
      return `${getEnv().APP_URL}/api/v1/attachments/${attachment.id}`;
    case 'email-link':
      return `${urls.ticketUrl}/files/${attachment.id}`;
  }
}

function attachmentView(attachment: Attachment, urls: AttachmentUrls, absolute = false): AttachmentView {
  return {
    id: attachment.id,
    filename: attachment.filename,
    contentType: attachment.contentType,
    size: attachment.size,
    removed: attachment.removedAt !== null,
    isImage: isInlineImage(attachment.contentType),
    url: attachmentUrl(attachment, urls, absolute),
  };
}

/** The attachments of each reply, as the given viewer reaches them. */
export function attachmentViewsByReply(replyIds: number[], urls: AttachmentUrls): Map<number, AttachmentView[]> {
  const views = new Map<number, AttachmentView[]>();
  for (const [replyId, list] of listAttachmentsByReply({ replyIds })) views.set(replyId, list.map((a) => attachmentView(a, urls)));
  return views;
}

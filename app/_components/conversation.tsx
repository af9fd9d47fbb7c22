import { AttachmentList } from '@/app/_components/attachment-list';
import Link from 'next/link';
import { DateTime } from '@/app/_components/date-time';
import { LinkifiedText } from '@/app/_components/linkified-text';
import { OlderReplies, type OlderRepliesChunk, type OlderRepliesResult } from '@/app/_components/older-replies';
import { AuthorBadge } from '@/app/_components/ticket-badges';
import { Badge } from '@/app/_components/ui';
import type { Reply } from '@/db/schema';
import { attachmentViewsByReply, type AttachmentUrls, type AttachmentView } from '@/lib/attachments/access';
import { replyElementId } from '@/lib/web/element-ids';
import { sentThroughText } from '@/lib/people/display-names';
import { personLabel, recipientPeopleByReply } from '@/lib/tickets/audience';
import type { RepliesPage } from '@/lib/tickets/tickets';
import { displayNumbersOf } from '@/lib/tickets/records';

// A ticket's conversation, shared by the agent's ticket page and the personal link page: the newest page of replies,
// with older pages loaded on demand, so a ticket with thousands of replies renders (and re-renders after a reply)
// at the size of one page.

/** Agents see addresses and private notes; people on a personal link see names only (and never get notes). */
export type ConversationAudience = 'agent' | 'link';

/**
 * How this viewer reaches the replies' files, and (admins) a button to remove one; `replyActions` adds controls of
 * the agent page under each reply ("Split…").
 */
export type ConversationFiles = {
  urls: AttachmentUrls;
  removeButton?: (attachment: AttachmentView) => React.ReactNode;
  replyActions?: (reply: Reply) => React.ReactNode;
};

export function Conversation({
  page,
  audience,
  files,
  loadOlder,
}: {
  page: RepliesPage;
  audience: ConversationAudience;
  files: ConversationFiles;
  /** A server action bound to the ticket (or link): the page of replies before a cursor. */
  loadOlder: (before: string) => Promise<OlderRepliesResult>;
}) {
  return (
    <section aria-labelledby="conversation-heading">
      <h2 id="conversation-heading" className="mb-3 text-lg font-semibold">
        Conversation
      </h2>
      <ol className="space-y-3">
        {/* Keyed by the cursor: when a new reply shifts the newest page, older pages loaded before start over. */}
        {page.olderCursor ? <OlderReplies key={page.olderCursor} cursor={page.olderCursor} loadOlder={loadOlder} /> : null}
        <ReplyItems replies={page.replies} audience={audience} files={files} />
      </ol>
    </section>
  );
}

/** What a "Show older replies" action answers: the older page, rendered here, and the cursor before it. */
export function olderRepliesChunk(page: RepliesPage, audience: ConversationAudience, files: ConversationFiles): OlderRepliesChunk {
  return { items: <ReplyItems replies={page.replies} audience={audience} files={files} />, count: page.replies.length, nextCursor: page.olderCursor };
}

function ReplyItems({ replies, audience, files }: { replies: Reply[]; audience: ConversationAudience; files: ConversationFiles }) {
  const attachments = attachmentViewsByReply(
    replies.map((reply) => reply.id),
    files.urls,
  );
  // Replies a merge brought here say which ticket they were written on.
  const origins = displayNumbersOf(replies.flatMap((reply) => (reply.fromTicketId === null ? [] : [reply.fromTicketId])));
  // Side replies say whom they were to (only their recipients, and agents, ever see them).
  const recipients = recipientPeopleByReply(replies.filter((reply) => reply.audience === 'chosen').map((reply) => reply.id));
  return replies.map((reply) => (
    <li key={reply.id}>
      <ReplyEntry
        reply={reply}
        audience={audience}
        attachments={attachments.get(reply.id)}
        removeButton={files.removeButton}
        origin={reply.fromTicketId === null ? undefined : origins.get(reply.fromTicketId)}
        sentTo={recipients.get(reply.id)?.map(personLabel)}
      />
      {files.replyActions?.(reply)}
    </li>
  ));
}

function ReplyEntry({
  reply,
  audience,
  attachments,
  removeButton,
  origin,
  sentTo,
}: {
  reply: Reply;
  audience: ConversationAudience;
  attachments: AttachmentView[] | undefined;
  removeButton?: ConversationFiles['removeButton'];
  origin?: string;
  // A side reply's recipients, by name.
  sentTo?: string[];
}) {
  const note = audience === 'agent' && reply.private;
  return (
    <article
      // The target of focus after Send (ActionState.focus), so it can take focus from script only.
      id={replyElementId(reply.id)}
      tabIndex={-1}
      // Named on the link page only: on the agent page "Reply by …" would share its name with the Reply box.
      aria-label={audience === 'link' ? `Reply by ${reply.authorName}${sentThroughText(reply)}` : undefined}
      className={`rounded-lg border p-4 shadow-sm ${note ? 'border-amber-300 border-l-4 bg-amber-50' : 'border-slate-200 bg-white'}`}
    >
      <header className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <strong className="font-medium">
          {reply.authorName}
          {reply.viaKind ? <span className="font-normal">{sentThroughText(reply)}</span> : null}
        </strong>
        {audience === 'agent' ? <span className="text-slate-500">{reply.authorEmail}</span> : null}
        <AuthorBadge kind={reply.authorKind} />
        {note ? <Badge tone="amber">Private note</Badge> : null}
        {reply.automatic ? <Badge tone="slate">Automatic reply</Badge> : null}
        {origin ? (
          audience === 'agent' && reply.fromTicketId !== null ? (
            <Link href={`/tickets/${reply.fromTicketId}`} className="text-xs text-indigo-700 underline">
              from {origin}
            </Link>
          ) : (
            <Badge tone="slate">from {origin}</Badge>
          )
        ) : null}
        {sentTo ? (
          <span className="text-xs text-slate-700">
            <Badge tone="indigo">Side reply</Badge> <span>To: {sentTo.join(', ')}</span>
          </span>
        ) : null}
        {audience === 'agent' && reply.source === 'email' ? <span className="text-xs text-slate-500">by email</span> : null}
        <span className="ml-auto text-xs text-slate-500">
          <DateTime value={reply.createdAt} />
        </span>
      </header>
      <LinkifiedText text={reply.body} className="text-sm text-slate-900" />
      <AttachmentList attachments={attachments} removeButton={removeButton} />
      {audience === 'agent' && reply.inboundMessageId ? (
        <p className="mt-2 text-xs">
          <Link href={`/tickets/${reply.ticketId}/original/${reply.id}`} className="text-indigo-700 underline">
            Show original
          </Link>
        </p>
      ) : null}
    </article>
  );
}

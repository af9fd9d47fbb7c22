import type { ConversationFiles } from '@/app/_components/conversation';
import type { Agent } from '@/db/schema';
import { canRemoveAttachment, canSplitTicket } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { defaultSplitCustomerEmail } from '@/lib/tickets/merge';
import { listActiveParticipants, type TicketWithPeople } from '@/lib/tickets/records';
import { RemoveAttachmentButton } from './remove-attachment-button';
import { SplitControl } from './split-control';

/** Files in the agent's conversation: agent download addresses, a Remove button for admins, and each reply's "Split…". */
export function agentConversationFiles(agent: Agent, ticket: TicketWithPeople): ConversationFiles {
  const settings = getSettings();
  const mayRemove = canRemoveAttachment(agent, ticket, settings);
  const maySplit = canSplitTicket(agent, ticket, settings);
  const people = maySplit && settings.participantsEnabled ? listActiveParticipants({ ticketId: ticket.id }).map(({ id, email, name }) => ({ id, email, name })) : [];
  return {
    urls: { kind: 'agent' },
    removeButton: mayRemove
      ? (attachment) => <RemoveAttachmentButton ticketId={ticket.id} attachmentId={attachment.id} filename={attachment.filename} />
      : undefined,
    replyActions: maySplit
      ? (reply) => (
          <SplitControl
            ticketId={ticket.id}
            replyId={reply.id}
            author={reply.authorName}
            defaultSubject={ticket.subject}
            defaultCustomerEmail={defaultSplitCustomerEmail(reply, ticket)}
            participants={people}
          />
        )
      : undefined,
  };
}

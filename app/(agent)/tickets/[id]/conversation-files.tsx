import type { ConversationFiles } from '@/app/_components/conversation';
import type { Agent, Ticket } from '@/db/schema';
import { canRemoveAttachment } from '@/lib/auth/policy';
import { getSettings } from '@/lib/core/settings';
import { RemoveAttachmentButton } from './remove-attachment-button';

/** Files in the agent's conversation: agent download addresses, and a Remove button for admins. */
export function agentConversationFiles(agent: Agent, ticket: Pick<Ticket, 'id' | 'assigneeId' | 'status'>): ConversationFiles {
  const mayRemove = canRemoveAttachment(agent, ticket, getSettings());
  return {
    urls: { kind: 'agent' },
    removeButton: mayRemove
      ? (attachment) => <RemoveAttachmentButton ticketId={ticket.id} attachmentId={attachment.id} filename={attachment.filename} />
      : undefined,
  };
}

import type { ActorKind } from '@/db/schema';

// One readable sentence per audit entry, for a ticket's History.

export type AuditEntryForText = {
  actorKind: ActorKind;
  actorId: number | null;
  actorEmail: string | null;
  action: string;
  detail: Record<string, unknown>;
};

/** Agent names by id: audit rows keep ids, people read names. */
export type AgentNames = ReadonlyMap<number, string>;

const text = (value: unknown) => (typeof value === 'string' ? value : null);

function actorName(entry: AuditEntryForText, agentNames: AgentNames): string {
  switch (entry.actorKind) {
    case 'agent':
      return (entry.actorId !== null ? agentNames.get(entry.actorId) : undefined) ?? entry.actorEmail ?? 'An agent';
    case 'customer':
      return entry.actorEmail ?? 'The customer';
    case 'participant':
      return entry.actorEmail ? `${entry.actorEmail} (participant)` : 'A participant';
    case 'system':
      return 'Parley';
  }
}

function agentName(id: unknown, agentNames: AgentNames): string {
  return (typeof id === 'number' ? agentNames.get(id) : undefined) ?? 'a former agent';
}

const sourceText: Record<string, string> = { web: 'on the web', api: 'through the API', email: 'by email' };

export function describeAuditEntry(entry: AuditEntryForText, agentNames: AgentNames): string {
  const who = actorName(entry, agentNames);
  const { detail } = entry;
  switch (entry.action) {
    case 'ticket.created': {
      const source = sourceText[text(detail.source) ?? ''];
      return `${who} created the ticket${source ? ` ${source}` : ''}`;
    }
    case 'reply.added': {
      const via = detail.via as { email?: unknown } | undefined;
      const viaEmail = text(via?.email);
      const through = viaEmail && viaEmail !== entry.actorEmail ? ` through the link of ${viaEmail}` : '';
      const source = text(detail.source) === 'email' ? ' by email' : '';
      const reopened = detail.reopened === true ? ' and reopened the ticket' : '';
      return `${who} replied${source}${through}${reopened}`;
    }
    case 'note.added':
      return `${who} added a private note`;
    case 'ticket.status_changed':
      return `${who} changed the status from ${text(detail.from) ?? '?'} to ${text(detail.to) ?? '?'}`;
    case 'ticket.assigned':
      return detail.to === null || detail.to === undefined
        ? `${who} unassigned the ticket (was ${agentName(detail.from, agentNames)})`
        : `${who} assigned the ticket to ${agentName(detail.to, agentNames)}`;
    case 'ticket.snoozed':
      return `${who} snoozed the ticket until ${text(detail.until) ?? '?'}`;
    case 'ticket.unsnoozed':
      return `${who} ended the snooze`;
    case 'ticket.snooze_ended':
      return 'The snooze ended and the ticket reopened';
    case 'ticket.priority_changed':
      return `${who} changed the priority from ${text(detail.from) ?? '?'} to ${text(detail.to) ?? '?'}`;
    case 'ticket.tags_changed': {
      const names = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
      const parts = [
        ...(names(detail.added).length ? [`added the tag${names(detail.added).length > 1 ? 's' : ''} ${names(detail.added).join(', ')}`] : []),
        ...(names(detail.removed).length ? [`removed the tag${names(detail.removed).length > 1 ? 's' : ''} ${names(detail.removed).join(', ')}`] : []),
      ];
      return `${who} ${parts.join(' and ') || 'changed the tags'}`;
    }
    case 'links.rotated':
      return `${who} rotated the ticket’s links; links sent before stopped working${detail.notified === true ? '. Everyone on the ticket was emailed their new link' : ''}`;
    case 'participant.added':
      return `${who} added participant ${text(detail.email) ?? ''}${detail.kind === 'guest' ? ' (guest)' : detail.kind === 'customer' ? ' (customer)' : ''}${detail.source === 'email' ? ', added from email' : ''}`;
    case 'participant.removed':
      return `${who} removed participant ${text(detail.email) ?? ''}`;
    case 'participant.left':
      return `${text(detail.email) ?? who} left the ticket`;
    case 'attachment.removed':
      return `${who} removed the attachment ${text(detail.filename) ?? ''}`;
    case 'customer.email_changed':
      return `${who} changed the customer’s email from ${text(detail.from) ?? '?'} to ${text(detail.to) ?? '?'}; the customer’s earlier links stopped working`;
    case 'link.requested':
      return `${who} asked for a fresh link`;
    case 'rating.given':
    case 'rating.changed': {
      const rating = detail.rating === 'good' ? 'Good' : detail.rating === 'bad' ? 'Not good' : '?';
      return `${who} ${entry.action === 'rating.given' ? 'rated the ticket' : 'changed their rating to'} “${rating}”${detail.comment === true ? ' with a comment' : ''}`;
    }
    default:
      return `${who}: ${entry.action}`;
  }
}

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

const replyCount = (n: unknown) => (n === 1 ? 'one reply' : typeof n === 'number' ? `${n} replies` : 'replies');

function participantSource(detail: Record<string, unknown>): string {
  if (detail.source === 'email') return ', added from email';
  if (detail.source === 'cc') return ' (Cc’d on an email)';
  if (detail.source === 'merge') return `, who came with ${text(detail.fromNumber) ?? 'a merged ticket'}`;
  if (detail.source === 'split') return `, brought from ${text(detail.fromNumber) ?? 'the ticket it was split from'}`;
  return '';
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
      const side = Array.isArray(detail.to) ? ` to ${detail.to.length} chosen ${detail.to.length === 1 ? 'person' : 'people'} only (a side reply)` : '';
      return `${who} replied${side}${source}${through}${reopened}`;
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
    case 'participant.added': {
      // Through a personal link: "added by Pat (customer)"; older entries said guest/customer, which is no role.
      const by = detail.addedBy as { kind?: unknown; name?: unknown } | undefined;
      if (by && text(by.kind)) return `${text(detail.email) ?? 'Someone'} joined, added by ${text(by.name) || entry.actorEmail || 'someone'} (${text(by.kind)})`;
      return `${who} added participant ${text(detail.email) ?? ''}${participantSource(detail)}`;
    }
    case 'cc.added':
      return `${who} added ${text(detail.email) ?? ''}, Cc’d by ${text(detail.ccBy) ?? 'someone'}`;
    case 'cc.dismissed':
      return `${who} dismissed ${text(detail.email) ?? ''}, Cc’d by ${text(detail.ccBy) ?? 'someone'}`;
    case 'participant.removed':
      return `${who} removed participant ${text(detail.email) ?? ''}`;
    case 'participant.left':
      return `${text(detail.email) ?? who} left the ticket`;
    case 'participant.view_changed':
      return detail.to === 'addressed'
        ? `${who} set participant ${text(detail.email) ?? ''} to see only what is sent to them`
        : `${who} let participant ${text(detail.email) ?? ''} see the whole conversation`;
    case 'attachment.removed':
      return `${who} removed the attachment ${text(detail.filename) ?? ''}`;
    case 'customer.email_changed':
      return `${who} changed the customer’s email from ${text(detail.from) ?? '?'} to ${text(detail.to) ?? '?'}; the customer’s earlier links stopped working`;
    case 'inbound.dismissed': {
      const n = Array.isArray(detail.inboundIds) ? detail.inboundIds.length : 1;
      const from = text(detail.from);
      return `${who} dismissed ${n === 1 ? 'a refused email' : `${n} refused emails`}${from ? ` from ${from}` : ''}`;
    }
    case 'link.requested':
      return `${who} asked for a fresh link`;
    case 'ticket.merged':
      return `${who} merged this ticket into ${text(detail.intoNumber) ?? 'another ticket'}; it is closed and read-only`;
    case 'ticket.merged_in': {
      const added = typeof detail.peopleAdded === 'number' && detail.peopleAdded > 0 ? `; ${detail.peopleAdded} ${detail.peopleAdded === 1 ? 'person' : 'people'} joined as participants` : '';
      return `${who} merged ${text(detail.fromNumber) ?? 'another ticket'} into this ticket${added}`;
    }
    case 'ticket.split':
      return `${who} split ${replyCount(detail.replies)} off into the new ticket ${text(detail.toNumber) ?? ''}`;
    case 'ticket.split_from':
      return `${who} created this ticket from ${replyCount(detail.replies)} of ${text(detail.fromNumber) ?? 'another ticket'}`;
    case 'rating.given':
    case 'rating.changed': {
      const rating = detail.rating === 'good' ? 'Good' : detail.rating === 'bad' ? 'Not good' : '?';
      return `${who} ${entry.action === 'rating.given' ? 'rated the ticket' : 'changed their rating to'} “${rating}”${detail.comment === true ? ' with a comment' : ''}`;
    }
    default:
      return `${who}: ${entry.action}`;
  }
}

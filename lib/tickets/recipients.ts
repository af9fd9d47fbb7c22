import type { Agent, AuthorKind, ParticipantView, TicketStatus } from '@/db/schema';
import type { DomainEvent } from '@/lib/tickets/events';
import type { TemplateKey } from '@/lib/core/outbox-queue';
import { agentsWhoMaySee, canPersonSeeReply, normalizeEmail, type ReplyViewer, type ReplyVisibilityFacts } from '@/lib/auth/policy';
import type { Settings } from '@/lib/core/settings';

// Who is emailed about a domain event, decided without the database so every rule is unit-tested.
// One message per person; never the person who caused the event; private notes reach nobody.

export type Person = { kind: 'agent' | 'customer' | 'participant'; id: number; email: string; name: string };

export type PlannedMessage = { template: TemplateKey; to: Person; payload: { replyId?: number; otherTicketId?: number; ratingId?: number } };

export type RecipientContext = {
  ticket: { assigneeId: number | null; status: TicketStatus };
  customer: { id: number; email: string; name: string };
  // Current (not removed) participants, with their view and when they joined (for who sees a reply; left out: the
  // whole conversation).
  participants: { id: number; email: string; name: string; view?: ParticipantView; createdAt?: Date }[];
  agents: Pick<Agent, 'id' | 'email' | 'name' | 'role' | 'active'>[];
  settings: Pick<Settings, 'restrictAgentsToAssigned' | 'customersCanReopen' | 'participantsEnabled' | 'copyParticipants'> &
    Partial<Pick<Settings, 'askForRating' | 'ratingAsksParticipants'>>;
  // Addresses that turned off emails about this ticket.
  mutedEmails: string[];
  // reply.created and ticket.created: the reply the event is about.
  // Its audience and recipients decide who outside the team hears of it (lib/auth/policy.ts canPersonSeeReply).
  reply?: {
    id: number;
    private: boolean;
    authorKind: AuthorKind;
    authorEmail: string;
    authorId?: number | null;
    authorName?: string;
    // Set when it came through someone else's personal link: that link's holder.
    viaEmail?: string | null;
  } & Partial<Omit<ReplyVisibilityFacts, 'private' | 'authorKind' | 'authorId'>>;
  // participant.*: the participant the event is about, removed or not.
  participant?: { id: number; email: string; name: string };
  // link.requested: the person who asked.
  linkHolder?: Person;
  // ticket.merged: the merged ticket's people, as they are on this ticket now.
  mergedPeople?: Person[];
};

export function selectRecipients(event: DomainEvent, ctx: RecipientContext): PlannedMessage[] {
  const { settings } = ctx;
  const customer: Person = { kind: 'customer', ...ctx.customer };
  const participants: Person[] = settings.participantsEnabled ? ctx.participants.map((p) => ({ kind: 'participant', ...p })) : [];
  const copied = settings.copyParticipants ? participants : [];

  /** The assignee, or everyone who may see the ticket while nobody (active) has it. */
  const agentsToTell = (): Person[] => {
    const active = ctx.agents.filter((a) => a.active);
    const assignee = active.find((a) => a.id === ctx.ticket.assigneeId);
    const chosen = assignee ? [assignee] : agentsWhoMaySee(active, ctx.ticket, settings);
    return chosen.map(({ id, email, name }) => ({ kind: 'agent', id, email, name }));
  };

  const plan = (template: TemplateKey, people: Person[], payload: PlannedMessage['payload'] = {}) =>
    people.map((to) => ({ template, to, payload }));

  let planned: PlannedMessage[];
  let author: string | null = null;
  let honourMutes = true;
  // Sent whatever the mutes and the author rule say (a notice about one's own name).
  let notice: PlannedMessage | null = null;

  switch (event.type) {
    case 'ticket.created': {
      const byAgent = event.byAgentId;
      planned = [
        ...plan('ticket_received', [customer], { replyId: event.replyId }),
        ...plan(
          'agent_new_ticket',
          agentsToTell().filter((a) => a.id !== byAgent),
          { replyId: event.replyId },
        ),
      ];
      break;
    }
    case 'reply.created': {
      const reply = ctx.reply;
      if (!reply || reply.private || event.quiet) return [];
      author = reply.authorEmail;
      const payload = { replyId: reply.id };
      // Posted through someone else's link: the person named hears of it, and the link's holder is its real sender.
      // (A same-company colleague who is not on the ticket has no link to send: they are not told.)
      const onTicket = reply.authorKind === 'participant' || (reply.authorKind === 'customer' && reply.authorId === ctx.customer.id);
      if (reply.viaEmail && onTicket && reply.authorId) {
        notice = { template: 'reply_in_your_name', to: { kind: reply.authorKind, id: reply.authorId, email: reply.authorEmail, name: reply.authorName ?? '' }, payload };
      }
      // A side reply is emailed to its chosen people (whether or not participants are copied on replies); every
      // reply only to people who may see it.
      const outside = (reply.audience === 'chosen' ? [customer, ...participants] : [customer, ...copied]).filter((person) =>
        mayHearOf(person, reply, ctx.participants),
      );
      planned =
        reply.authorKind === 'agent'
          ? plan('ticket_reply', outside, payload)
          : [...plan('agent_new_reply', agentsToTell(), payload), ...plan('ticket_reply', outside, payload)];
      break;
    }
    case 'ticket.closed':
      author = event.byEmail;
      // Participants asked for a rating get the closing email (with their own rating links) even when not copied.
      planned = plan('ticket_closed', [customer, ...(settings.askForRating && settings.ratingAsksParticipants ? participants : copied)]);
      break;
    case 'ticket.status_changed':
      // Told through the events of the change itself (ticket.closed, ticket.reopened, …); this one feeds webhooks.
      planned = [];
      break;
    case 'ticket.reopened':
      // Waiting on the team again: whoever works it (or everyone who may, while nobody does) hears of it.
      author = event.byEmail;
      planned = plan('agent_ticket_reopened', agentsToTell());
      break;
    case 'ticket.assigned': {
      const assignee = ctx.agents.find((a) => a.id === event.assigneeId && a.active);
      planned =
        assignee && assignee.id !== event.byAgentId
          ? plan('ticket_assigned', [{ kind: 'agent', id: assignee.id, email: assignee.email, name: assignee.name }])
          : [];
      break;
    }
    case 'participant.added':
      planned = ctx.participant && settings.participantsEnabled ? plan('participant_added', [{ kind: 'participant', ...ctx.participant }]) : [];
      break;
    case 'participant.removed':
      // They learn why their link stopped working; the message carries no link.
      planned = ctx.participant ? plan('participant_removed', [{ kind: 'participant', ...ctx.participant }]) : [];
      break;
    case 'participant.left':
      // They chose to leave; the audit timeline tells the team.
      planned = [];
      break;
    case 'links.rotated':
      // Everyone whose link just stopped working gets the new one.
      planned = plan('links_rotated', [customer, ...participants]);
      break;
    case 'ticket.snooze_ended':
      planned = plan('snooze_ended', agentsToTell());
      break;
    case 'ticket.auto_close_reminder':
      // Whoever is waited on: each with their own link, so replying keeps the ticket open.
      planned = plan('auto_close_reminder', [customer, ...participants]);
      break;
    case 'sla.warning':
    case 'sla.missed':
      // To whoever holds the ticket, or every agent who may see it while nobody does.
      planned = plan(event.type === 'sla.warning' ? 'sla_warning' : 'sla_missed', agentsToTell());
      break;
    case 'ticket.merged':
      // Everyone who came with the merged ticket, once, with their link to this one (which their old one opens too).
      planned = plan(
        'ticket_merged',
        (ctx.mergedPeople ?? []).filter((person) => person.kind !== 'participant' || settings.participantsEnabled),
        { otherTicketId: event.sourceTicketId },
      );
      break;
    case 'ticket.split':
      // The new ticket's people: their fresh links (nobody is told through the ticket it was split from).
      planned = plan('ticket_split', [customer, ...participants], { otherTicketId: event.sourceTicketId });
      break;
    case 'rating.received': {
      // A "Not good" goes to the agent who closed the ticket; closed by someone else (the customer, auto-close), to
      // whoever works it.
      const closer = ctx.agents.find((a) => a.id === event.closedByAgentId && a.active);
      const to: Person[] = closer ? [{ kind: 'agent', id: closer.id, email: closer.email, name: closer.name }] : agentsToTell();
      planned = event.tellAgent ? plan('rating_bad', to, { ratingId: event.ratingId }) : [];
      break;
    }
    case 'link.requested':
      // Asked for explicitly, so sent even to someone who turned notifications off.
      honourMutes = false;
      planned = ctx.linkHolder ? plan('fresh_link', [ctx.linkHolder]) : [];
      break;
  }

  const muted = new Set(ctx.mutedEmails.map(normalizeEmail));
  const seen = new Set<string>();
  if (author) seen.add(normalizeEmail(author));
  if (event.type === 'reply.created' && ctx.reply?.viaEmail) seen.add(normalizeEmail(ctx.reply.viaEmail));
  const kept = planned.filter(({ to }) => {
    const email = normalizeEmail(to.email);
    if (seen.has(email) || (honourMutes && muted.has(email))) return false;
    seen.add(email);
    return true;
  });
  return notice ? [...kept, notice] : kept;
}

/** Whether someone outside the team may see the reply an email is about (the policy's one answer). */
function mayHearOf(person: Person, reply: NonNullable<RecipientContext['reply']>, participants: RecipientContext['participants']): boolean {
  let viewer: ReplyViewer;
  if (person.kind === 'customer') viewer = { kind: 'customer', id: person.id };
  else if (person.kind === 'participant') {
    const row = participants.find((p) => p.id === person.id);
    viewer = { kind: 'participant', id: person.id, view: row?.view ?? 'everything', joinedAt: row?.createdAt ?? new Date(0) };
  } else return true;
  return canPersonSeeReply(viewer, {
    private: reply.private,
    automatic: reply.automatic ?? false,
    authorKind: reply.authorKind,
    authorId: reply.authorId ?? null,
    audience: reply.audience ?? 'everyone',
    recipients: reply.recipients ?? [],
    createdAt: reply.createdAt ?? new Date(),
  });
}

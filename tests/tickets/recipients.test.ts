import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '@/lib/tickets/events';
import { selectRecipients, type RecipientContext } from '@/lib/tickets/recipients';
import { defaultSettings } from '@/lib/core/settings';

const admin = { id: 1, email: 'admin@team.test', name: 'Ada Admin', role: 'admin' as const, active: true };
const alice = { id: 2, email: 'alice@team.test', name: 'Alice Agent', role: 'agent' as const, active: true };
const bob = { id: 3, email: 'bob@team.test', name: 'Bob Agent', role: 'agent' as const, active: true };
const gone = { id: 4, email: 'gone@team.test', name: 'Gone Agent', role: 'agent' as const, active: false };

function context(overrides: Partial<RecipientContext> = {}): RecipientContext {
  return {
    ticket: { assigneeId: null, status: 'open' },
    customer: { id: 10, email: 'carol@customer.test', name: 'Carol Customer' },
    participants: [
      { id: 20, email: 'pat@guest.test', name: 'Pat Participant' },
      { id: 21, email: 'quinn@guest.test', name: 'Quinn Participant' },
    ],
    agents: [admin, alice, bob, gone],
    settings: { ...defaultSettings, participantsEnabled: true, copyParticipants: true },
    mutedEmails: [],
    ...overrides,
  };
}

/** `template → email` for each planned message, in order. */
const summary = (event: DomainEvent, ctx: RecipientContext) => selectRecipients(event, ctx).map((m) => `${m.template} → ${m.to.email}`);

const reply = (authorKind: 'agent' | 'customer' | 'participant', authorEmail: string, isPrivate = false) => ({
  id: 99,
  private: isPrivate,
  authorKind,
  authorEmail,
});

describe('ticket.created', () => {
  const event: DomainEvent = { type: 'ticket.created', ticketId: 1, replyId: 99, byAgentId: null };

  it('tells the customer it was received and every active agent who may see it', () => {
    expect(summary(event, context())).toEqual([
      'ticket_received → carol@customer.test',
      'agent_new_ticket → admin@team.test',
      'agent_new_ticket → alice@team.test',
      'agent_new_ticket → bob@team.test',
    ]);
  });

  it('carries the first message and the recipient’s identity for their link', () => {
    const [received] = selectRecipients(event, context());
    expect(received).toEqual({ template: 'ticket_received', to: { kind: 'customer', id: 10, email: 'carol@customer.test', name: 'Carol Customer' }, payload: { replyId: 99 } });
  });

  it('hands every recipient, customer and agents alike, the first message to quote', () => {
    const planned = selectRecipients(event, context());
    expect(planned.length).toBe(4);
    expect(planned.map((m) => m.payload)).toEqual(planned.map(() => ({ replyId: 99 })));
  });

  it('leaves out the agent who created it, and restricted agents follow the visibility setting', () => {
    const restricted = context({ settings: { ...context().settings, restrictAgentsToAssigned: true } });
    expect(summary({ ...event, byAgentId: 2 }, restricted)).toEqual([
      'ticket_received → carol@customer.test',
      'agent_new_ticket → admin@team.test',
      'agent_new_ticket → bob@team.test',
    ]);
  });

  it('goes to the assignee alone when the ticket is assigned', () => {
    expect(summary(event, context({ ticket: { assigneeId: 3, status: 'new' } }))).toEqual([
      'ticket_received → carol@customer.test',
      'agent_new_ticket → bob@team.test',
    ]);
  });
});

describe('reply.created', () => {
  const event: DomainEvent = { type: 'reply.created', ticketId: 1, replyId: 99 };

  it('sends an agent’s public reply to the customer and, with copyParticipants, each participant — no agents', () => {
    expect(summary(event, context({ reply: reply('agent', 'alice@team.test') }))).toEqual([
      'ticket_reply → carol@customer.test',
      'ticket_reply → pat@guest.test',
      'ticket_reply → quinn@guest.test',
    ]);
  });

  it('sends an agent’s reply to the customer only when copyParticipants is off', () => {
    const ctx = context({ reply: reply('agent', 'alice@team.test'), settings: { ...context().settings, copyParticipants: false } });
    expect(summary(event, ctx)).toEqual(['ticket_reply → carol@customer.test']);
  });

  it('hands every recipient of a reply, agents and outsiders alike, the reply to quote', () => {
    for (const author of [reply('agent', 'alice@team.test'), reply('customer', 'carol@customer.test'), reply('participant', 'pat@guest.test')]) {
      const planned = selectRecipients(event, context({ reply: author }));
      expect(planned.length).toBeGreaterThan(1);
      expect(planned.map((m) => m.payload)).toEqual(planned.map(() => ({ replyId: 99 })));
    }
  });

  it('sends a private note to nobody', () => {
    expect(selectRecipients(event, context({ reply: reply('agent', 'alice@team.test', true) }))).toEqual([]);
  });

  it('sends nothing when the reply cannot be found', () => {
    expect(selectRecipients(event, context())).toEqual([]);
  });

  it('sends a participant’s reply to the agents, the customer and the other participants, never its author', () => {
    expect(summary(event, context({ reply: reply('participant', 'PAT@guest.test') }))).toEqual([
      'agent_new_reply → admin@team.test',
      'agent_new_reply → alice@team.test',
      'agent_new_reply → bob@team.test',
      'ticket_reply → carol@customer.test',
      'ticket_reply → quinn@guest.test',
    ]);
  });

  it('sends a customer’s reply to the assignee and the participants, not back to the customer', () => {
    expect(summary(event, context({ reply: reply('customer', 'carol@customer.test'), ticket: { assigneeId: 2, status: 'open' } }))).toEqual([
      'agent_new_reply → alice@team.test',
      'ticket_reply → pat@guest.test',
      'ticket_reply → quinn@guest.test',
    ]);
  });

  it('sends a colleague’s reply (same company) to the ticket’s customer', () => {
    const ctx = context({ reply: reply('customer', 'dave@customer.test'), ticket: { assigneeId: 2, status: 'open' }, settings: { ...context().settings, copyParticipants: false } });
    expect(summary(event, ctx)).toEqual(['agent_new_reply → alice@team.test', 'ticket_reply → carol@customer.test']);
  });

  it('treats a deactivated assignee as no assignee', () => {
    const ctx = context({ reply: reply('customer', 'carol@customer.test'), ticket: { assigneeId: 4, status: 'open' }, settings: { ...context().settings, copyParticipants: false } });
    expect(summary(event, ctx)).toEqual(['agent_new_reply → admin@team.test', 'agent_new_reply → alice@team.test', 'agent_new_reply → bob@team.test']);
  });

  it('with restricted agents, a deactivated assignee’s ticket goes to the agents who may still see it: admins', () => {
    const ctx = context({
      reply: reply('customer', 'carol@customer.test'),
      ticket: { assigneeId: 4, status: 'open' },
      settings: { ...context().settings, copyParticipants: false, restrictAgentsToAssigned: true },
    });
    expect(summary(event, ctx)).toEqual(['agent_new_reply → admin@team.test']);
  });

  it('emails no participant while participants are disabled, even with copyParticipants on', () => {
    const ctx = context({ reply: reply('agent', 'alice@team.test'), settings: { ...context().settings, participantsEnabled: false } });
    expect(summary(event, ctx)).toEqual(['ticket_reply → carol@customer.test']);
  });

  it('skips people who muted the ticket', () => {
    const ctx = context({ reply: reply('agent', 'alice@team.test'), mutedEmails: ['Carol@Customer.test', 'quinn@guest.test'] });
    expect(summary(event, ctx)).toEqual(['ticket_reply → pat@guest.test']);
  });

  it('sends one message per address even when a person is both agent and participant', () => {
    const ctx = context({ reply: reply('customer', 'carol@customer.test'), participants: [{ id: 22, email: 'bob@team.test', name: 'Bob' }] });
    const bobs = selectRecipients(event, ctx).filter((m) => m.to.email === 'bob@team.test');
    expect(bobs).toHaveLength(1);
    expect(bobs[0].template).toBe('agent_new_reply');
  });
});

describe('ticket.closed', () => {
  it('tells the customer and the participants, but not whoever closed it', () => {
    expect(summary({ type: 'ticket.closed', ticketId: 1, byEmail: 'pat@guest.test' }, context())).toEqual([
      'ticket_closed → carol@customer.test',
      'ticket_closed → quinn@guest.test',
    ]);
  });

  it('tells the customer alone when an agent closes it and copyParticipants is off', () => {
    const ctx = context({ settings: { ...context().settings, copyParticipants: false } });
    expect(summary({ type: 'ticket.closed', ticketId: 1, byEmail: 'alice@team.test' }, ctx)).toEqual(['ticket_closed → carol@customer.test']);
  });
});

describe('ticket.reopened', () => {
  it('tells the assignee, or every agent who may see an unassigned ticket, never the person who reopened it', () => {
    const event: DomainEvent = { type: 'ticket.reopened', ticketId: 1, byEmail: 'pat@guest.test' };
    expect(summary(event, context({ ticket: { assigneeId: bob.id, status: 'open' } }))).toEqual(['agent_ticket_reopened → bob@team.test']);
    expect(summary(event, context())).toEqual(['agent_ticket_reopened → admin@team.test', 'agent_ticket_reopened → alice@team.test', 'agent_ticket_reopened → bob@team.test']);
    const restricted = context({ settings: { ...defaultSettings, restrictAgentsToAssigned: true }, ticket: { assigneeId: gone.id, status: 'open' } });
    // Its assignee gone and agents restricted: only those who may see it (admins) hear of it.
    expect(summary(event, restricted)).toEqual(['agent_ticket_reopened → admin@team.test']);
    expect(summary({ ...event, byEmail: 'BOB@team.test' }, context({ ticket: { assigneeId: bob.id, status: 'open' } }))).toEqual([]);
    expect(summary(event, context({ ticket: { assigneeId: bob.id, status: 'open' }, mutedEmails: ['bob@team.test'] }))).toEqual([]);
  });
});

describe('ticket.assigned', () => {
  it('tells the new assignee', () => {
    expect(summary({ type: 'ticket.assigned', ticketId: 1, assigneeId: 3, byAgentId: 1 }, context())).toEqual(['ticket_assigned → bob@team.test']);
  });

  it('says nothing to an agent who took the ticket themselves, or to a deactivated one', () => {
    expect(selectRecipients({ type: 'ticket.assigned', ticketId: 1, assigneeId: 3, byAgentId: 3 }, context())).toEqual([]);
    expect(selectRecipients({ type: 'ticket.assigned', ticketId: 1, assigneeId: 4, byAgentId: 1 }, context())).toEqual([]);
  });
});

describe('participants', () => {
  const added = { id: 23, email: 'new@guest.test', name: 'New Guest' };

  it('sends the added person their own message', () => {
    expect(selectRecipients({ type: 'participant.added', ticketId: 1, participantId: 23, byAgentId: 1 }, context({ participant: added }))).toEqual([
      { template: 'participant_added', to: { kind: 'participant', ...added }, payload: {} },
    ]);
  });

  it('tells a removed participant, without a link, and nobody else', () => {
    expect(summary({ type: 'participant.removed', ticketId: 1, participantId: 23, byAgentId: 1 }, context({ participant: added }))).toEqual([
      'participant_removed → new@guest.test',
    ]);
  });

  it('sends nothing when a participant leaves of their own accord', () => {
    expect(selectRecipients({ type: 'participant.left', ticketId: 1, participantId: 20 }, context({ participant: { id: 20, email: 'pat@guest.test', name: 'Pat' } }))).toEqual([]);
  });
});

describe('link.requested', () => {
  const holder = { kind: 'participant' as const, id: 20, email: 'pat@guest.test', name: 'Pat Participant' };

  it('sends a fresh link to the person who asked, even if they muted the ticket', () => {
    expect(summary({ type: 'link.requested', ticketId: 1, holder: { kind: 'participant', id: 20 } }, context({ linkHolder: holder, mutedEmails: ['pat@guest.test'] }))).toEqual([
      'fresh_link → pat@guest.test',
    ]);
  });

  it('sends nothing when the holder is no longer on the ticket', () => {
    expect(selectRecipients({ type: 'link.requested', ticketId: 1, holder: { kind: 'participant', id: 20 } }, context())).toEqual([]);
  });
});

describe('links.rotated', () => {
  const event: DomainEvent = { type: 'links.rotated', ticketId: 1, byAgentId: 1 };

  it('sends the customer and every participant their new link, whatever “Copy participants” says', () => {
    expect(summary(event, context({ settings: { ...context().settings, copyParticipants: false } }))).toEqual([
      'links_rotated → carol@customer.test',
      'links_rotated → pat@guest.test',
      'links_rotated → quinn@guest.test',
    ]);
  });

  it('leaves out participants while they are turned off, and anyone who muted the ticket', () => {
    expect(summary(event, context({ settings: { ...defaultSettings, participantsEnabled: false }, mutedEmails: ['carol@customer.test'] }))).toEqual([]);
    expect(summary(event, context({ mutedEmails: ['pat@guest.test'] }))).toEqual(['links_rotated → carol@customer.test', 'links_rotated → quinn@guest.test']);
  });
});

describe('ticket.merged and ticket.split', () => {
  const merged: DomainEvent = { type: 'ticket.merged', ticketId: 1, sourceTicketId: 2, byAgentId: 1, people: [] };
  const newcomers = [
    { kind: 'participant' as const, id: 30, email: 'colin@customer.test', name: 'Colin' },
    { kind: 'customer' as const, id: 10, email: 'carol@customer.test', name: 'Carol Customer' },
  ];

  it('emails the merged ticket’s people once each, with the other ticket named, and nobody else', () => {
    const planned = selectRecipients(merged, context({ mergedPeople: newcomers }));
    expect(planned.map((m) => `${m.template} → ${m.to.email}`)).toEqual(['ticket_merged → colin@customer.test', 'ticket_merged → carol@customer.test']);
    expect(planned[0].payload).toEqual({ otherTicketId: 2 });
  });

  it('leaves out participants while participants are off, and anyone who muted the ticket', () => {
    const off = context({ mergedPeople: newcomers, settings: { ...defaultSettings, participantsEnabled: false } });
    expect(summary(merged, off)).toEqual(['ticket_merged → carol@customer.test']);
    expect(summary(merged, context({ mergedPeople: newcomers, mutedEmails: ['COLIN@customer.test'] }))).toEqual(['ticket_merged → carol@customer.test']);
  });

  it('a split tells the new ticket’s customer and participants, with the ticket it came from', () => {
    const split: DomainEvent = { type: 'ticket.split', ticketId: 5, sourceTicketId: 1, byAgentId: 1, replyIds: [9] };
    const planned = selectRecipients(split, context());
    expect(planned.map((m) => `${m.template} → ${m.to.email}`)).toEqual(['ticket_split → carol@customer.test', 'ticket_split → pat@guest.test', 'ticket_split → quinn@guest.test']);
    expect(planned.every((m) => m.payload.otherTicketId === 1)).toBe(true);
  });
});

describe('reply.created for a side reply and the per-participant view', () => {
  const event: DomainEvent = { type: 'reply.created', ticketId: 1, replyId: 99 };
  const side = (recipients: { kind: 'customer' | 'participant'; personId: number }[], over: Record<string, unknown> = {}) => ({
    ...reply('agent', 'admin@team.test'),
    authorId: 1,
    audience: 'chosen' as const,
    recipients,
    createdAt: new Date(),
    ...over,
  });

  it('emails only the chosen people, even while participants are not copied on replies to everyone', () => {
    expect(summary(event, context({ reply: side([{ kind: 'participant', personId: 21 }]) }))).toEqual(['ticket_reply → quinn@guest.test']);
    const notCopied = context({ settings: { ...context().settings, copyParticipants: false }, reply: side([{ kind: 'participant', personId: 20 }, { kind: 'customer', personId: 10 }]) });
    expect(summary(event, notCopied)).toEqual(['ticket_reply → carol@customer.test', 'ticket_reply → pat@guest.test']);
  });

  it('an answer from a participant within a side conversation tells the agents and the other people in it only', () => {
    const answer = side([{ kind: 'participant', personId: 20 }, { kind: 'participant', personId: 21 }], { authorKind: 'participant', authorId: 20, authorEmail: 'pat@guest.test' });
    expect(summary(event, context({ reply: answer })).filter((line) => line.startsWith('ticket_reply'))).toEqual(['ticket_reply → quinn@guest.test']);
    expect(summary(event, context({ reply: answer })).some((line) => line.startsWith('agent_new_reply'))).toBe(true);
  });

  it('does not email a participant who sees only what is sent to them about a reply from before they joined', () => {
    const joined = new Date(Date.UTC(2026, 0, 10));
    const participants = [{ id: 20, email: 'pat@guest.test', name: 'Pat Participant', view: 'addressed' as const, createdAt: joined }];
    const early = { ...reply('agent', 'admin@team.test'), authorId: 1, audience: 'everyone' as const, recipients: [], createdAt: new Date(joined.getTime() - 1) };
    expect(summary(event, context({ participants, reply: early }))).toEqual(['ticket_reply → carol@customer.test']);
    expect(summary(event, context({ participants, reply: { ...early, createdAt: joined } }))).toEqual(['ticket_reply → carol@customer.test', 'ticket_reply → pat@guest.test']);
  });
});

import { describe, expect, it } from 'vitest';
import { describeAuditEntry, type AuditEntryForText } from '@/lib/tickets/audit-text';

const names = new Map([
  [1, 'Admin'],
  [2, 'Sam Agent'],
]);
const byAdmin = { actorKind: 'agent', actorId: 1, actorEmail: 'admin@x.test' } as const;
const line = (entry: Partial<AuditEntryForText> & Pick<AuditEntryForText, 'action'>) =>
  describeAuditEntry({ ...byAdmin, detail: {}, ...entry }, names);

describe('describeAuditEntry', () => {
  it('says a reply was a side reply, and when a participant’s view changed', () => {
    expect(line({ action: 'reply.added', detail: { to: [{ kind: 'participant', personId: 4 }] } })).toBe('Admin replied to 1 chosen person only (a side reply)');
    expect(line({ action: 'reply.added', detail: { to: [{}, {}], source: 'email' } })).toBe('Admin replied to 2 chosen people only (a side reply) by email');
    expect(line({ action: 'participant.view_changed', detail: { email: 'pat@x.test', to: 'addressed' } })).toBe('Admin set participant pat@x.test to see only what is sent to them');
    expect(line({ action: 'participant.view_changed', detail: { email: 'pat@x.test', to: 'everything' } })).toBe('Admin let participant pat@x.test see the whole conversation');
  });

  it('names agents by name, falling back to their email', () => {
    expect(line({ action: 'note.added' })).toBe('Admin added a private note');
    expect(line({ action: 'note.added', actorId: 99, actorEmail: 'gone@x.test' })).toBe('gone@x.test added a private note');
  });

  it('describes ticket changes', () => {
    expect(line({ action: 'ticket.created', detail: { source: 'web' } })).toBe('Admin created the ticket on the web');
    expect(line({ action: 'ticket.status_changed', detail: { from: 'new', to: 'open' } })).toBe('Admin changed the status from new to open');
    expect(line({ action: 'ticket.assigned', detail: { from: null, to: 2 } })).toBe('Admin assigned the ticket to Sam Agent');
    expect(line({ action: 'ticket.assigned', detail: { from: 2, to: null } })).toBe('Admin unassigned the ticket (was Sam Agent)');
    expect(line({ action: 'ticket.priority_changed', detail: { from: 'normal', to: 'urgent' } })).toBe('Admin changed the priority from normal to urgent');
    expect(line({ action: 'ticket.tags_changed', detail: { added: ['billing'], removed: [] } })).toBe('Admin added the tag billing');
    expect(line({ action: 'ticket.tags_changed', detail: { added: ['a', 'b'], removed: ['c'] } })).toBe('Admin added the tags a, b and removed the tag c');
    expect(line({ action: 'links.rotated' })).toBe('Admin rotated the ticket’s links; links sent before stopped working');
  });

  it('describes participant changes', () => {
    // No "guest"/"customer" wording for a participant: their one role is Participant (older entries carry `kind`).
    expect(line({ action: 'participant.added', detail: { email: 'bob@x.test', kind: 'guest' } })).toBe('Admin added participant bob@x.test');
    expect(line({ action: 'participant.added', detail: { email: 'c@x.test', kind: 'customer' } })).toBe('Admin added participant c@x.test');
    expect(line({ action: 'participant.added', detail: { email: 'd@x.test', source: 'email' } })).toBe('Admin added participant d@x.test, added from email');
    expect(
      line({ action: 'participant.added', actorKind: 'customer', actorId: 3, actorEmail: 'pat@x.test', detail: { email: 'dan@x.test', addedBy: { kind: 'customer', name: 'Pat' } } }),
    ).toBe('dan@x.test joined, added by Pat (customer)');
    expect(line({ action: 'cc.added', detail: { email: 'dan@x.test', ccBy: 'pat@x.test' } })).toBe('Admin added dan@x.test, Cc’d by pat@x.test');
    expect(line({ action: 'cc.dismissed', detail: { email: 'dan@x.test', ccBy: 'pat@x.test' } })).toBe('Admin dismissed dan@x.test, Cc’d by pat@x.test');
    expect(line({ action: 'participant.removed', detail: { email: 'bob@x.test' } })).toBe('Admin removed participant bob@x.test');
    expect(
      line({ action: 'participant.left', actorKind: 'participant', actorId: 5, actorEmail: 'bob@x.test', detail: { email: 'bob@x.test' } }),
    ).toBe('bob@x.test left the ticket');
  });

  it('says whose link a reply came through when it was someone else’s', () => {
    const customerReply = { action: 'reply.added', actorKind: 'customer', actorId: 3, actorEmail: 'col@acme.test' } as const;
    expect(line({ ...customerReply, detail: { via: { kind: 'customer', email: 'boss@acme.test' } } })).toBe(
      'col@acme.test replied through the link of boss@acme.test',
    );
    expect(line({ ...customerReply, detail: { via: { kind: 'customer', email: 'col@acme.test' } } })).toBe('col@acme.test replied');
    expect(line({ action: 'reply.added', actorKind: 'participant', actorId: 4, actorEmail: 'p@x.test', detail: {} })).toBe(
      'p@x.test (participant) replied',
    );
    expect(line({ ...customerReply, detail: { reopened: true } })).toBe('col@acme.test replied and reopened the ticket');
  });

  it('still says something for actions it does not know', () => {
    expect(line({ action: 'ticket.teleported', actorKind: 'system', actorId: null, actorEmail: null })).toBe('Parley: ticket.teleported');
  });

  it('describes merges and splits, on both tickets', () => {
    expect(line({ action: 'ticket.merged', detail: { intoTicketId: 4, intoNumber: 'PAR-1001' } })).toBe('Admin merged this ticket into PAR-1001; it is closed and read-only');
    expect(line({ action: 'ticket.merged_in', detail: { fromNumber: 'PAR-1002', peopleAdded: 2 } })).toBe('Admin merged PAR-1002 into this ticket; 2 people joined as participants');
    expect(line({ action: 'ticket.merged_in', detail: { fromNumber: 'PAR-1002', peopleAdded: 0 } })).toBe('Admin merged PAR-1002 into this ticket');
    expect(line({ action: 'ticket.split', detail: { toNumber: 'PAR-1003', replies: 1 } })).toBe('Admin split one reply off into the new ticket PAR-1003');
    expect(line({ action: 'ticket.split_from', detail: { fromNumber: 'PAR-1001', replies: 3 } })).toBe('Admin created this ticket from 3 replies of PAR-1001');
    expect(line({ action: 'participant.added', detail: { email: 'g@x.test', kind: 'guest', source: 'merge', fromNumber: 'PAR-1002' } })).toBe(
      'Admin added participant g@x.test, who came with PAR-1002',
    );
    expect(line({ action: 'participant.added', detail: { email: 'g@x.test', kind: 'guest', source: 'split', fromNumber: 'PAR-1001' } })).toBe(
      'Admin added participant g@x.test, brought from PAR-1001',
    );
  });
});

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
    expect(line({ action: 'participant.added', detail: { email: 'bob@x.test', kind: 'guest' } })).toBe('Admin added participant bob@x.test (guest)');
    expect(line({ action: 'participant.added', detail: { email: 'c@x.test', kind: 'customer' } })).toBe('Admin added participant c@x.test (customer)');
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
    expect(line({ action: 'ticket.merged', actorKind: 'system', actorId: null, actorEmail: null })).toBe('Parley: ticket.merged');
  });
});

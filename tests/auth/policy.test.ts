import { describe, expect, it } from 'vitest';
import {
  agentsWhoMaySee,
  canAgentFetchAttachment,
  canAssignTicket,
  canChangeCustomerEmail,
  canDeleteSavedReply,
  canEditSavedReply,
  canEmailAttachmentTo,
  canLinkHolderFetchAttachment,
  canPersonSeeReply,
  type ReplyViewer,
  type ReplyVisibilityFacts,
  canManageCustomers,
  canManageSettings,
  canRemoveAttachment,
  canUseSavedReplies,
  canViewTicket,
  canWorkTicket,
  isAdmin,
} from '@/lib/auth/policy';
import { defaultSettings } from '@/lib/core/settings';

const admin = { id: 1, role: 'admin' as const, active: true };
const agent = { id: 2, role: 'agent' as const, active: true };
const colleague = { id: 3, role: 'agent' as const, active: true };

const open = { ...defaultSettings, restrictAgentsToAssigned: false };
const restricted = { ...defaultSettings, restrictAgentsToAssigned: true };

const ticket = (assigneeId: number | null) => ({ assigneeId, status: 'open' as const });

describe('isAdmin', () => {
  it('is true only for an active admin', () => {
    expect(isAdmin(admin)).toBe(true);
    expect(isAdmin(agent)).toBe(false);
    expect(isAdmin({ ...admin, active: false })).toBe(false);
    expect(canManageSettings({ ...admin, active: false })).toBe(false);
  });
});

describe('canViewTicket', () => {
  it('lets every active agent see every ticket while agents are not restricted', () => {
    for (const assigneeId of [null, agent.id, colleague.id]) {
      expect(canViewTicket(agent, ticket(assigneeId), open)).toBe(true);
    }
  });

  it('restricts agents to tickets assigned to them or unassigned', () => {
    expect(canViewTicket(agent, ticket(null), restricted)).toBe(true);
    expect(canViewTicket(agent, ticket(agent.id), restricted)).toBe(true);
    expect(canViewTicket(agent, ticket(colleague.id), restricted)).toBe(false);
    expect(canWorkTicket(agent, ticket(colleague.id), restricted)).toBe(false);
  });

  it('never restricts admins', () => {
    expect(canViewTicket(admin, ticket(colleague.id), restricted)).toBe(true);
  });

  it('refuses deactivated agents and admins everything', () => {
    expect(canViewTicket({ ...agent, active: false }, ticket(null), open)).toBe(false);
    expect(canViewTicket({ ...admin, active: false }, ticket(null), open)).toBe(false);
  });
});

describe('canAssignTicket', () => {
  it('lets unrestricted agents and admins assign anyone or no one', () => {
    for (const [who, settings] of [
      [agent, open],
      [admin, restricted],
    ] as const) {
      expect(canAssignTicket(who, ticket(null), colleague.id, settings)).toBe(true);
      expect(canAssignTicket(who, ticket(colleague.id), null, settings)).toBe(true);
    }
  });

  it('lets a restricted agent only take or release tickets they may see', () => {
    expect(canAssignTicket(agent, ticket(null), agent.id, restricted)).toBe(true);
    expect(canAssignTicket(agent, ticket(agent.id), null, restricted)).toBe(true);
    expect(canAssignTicket(agent, ticket(null), colleague.id, restricted)).toBe(false);
    expect(canAssignTicket(agent, ticket(agent.id), colleague.id, restricted)).toBe(false);
    // A ticket they cannot see, they cannot take either.
    expect(canAssignTicket(agent, ticket(colleague.id), agent.id, restricted)).toBe(false);
  });

  it('refuses deactivated agents', () => {
    expect(canAssignTicket({ ...admin, active: false }, ticket(null), admin.id, open)).toBe(false);
  });
});

describe('attachments', () => {
  const file = (over: Partial<{ ticketId: number; removedAt: Date | null; onPrivateNote: boolean }> = {}) => ({
    ticketId: 7,
    removedAt: null,
    onPrivateNote: false,
    ...over,
  });

  it('lets agents fetch the files, private notes’ included, of tickets they may see', () => {
    expect(canAgentFetchAttachment(agent, ticket(null), file({ onPrivateNote: true }), restricted)).toBe(true);
    expect(canAgentFetchAttachment(agent, ticket(colleague.id), file(), restricted)).toBe(false);
    expect(canAgentFetchAttachment({ ...agent, active: false }, ticket(null), file(), open)).toBe(false);
    expect(canAgentFetchAttachment(admin, ticket(colleague.id), file({ removedAt: new Date() }), open)).toBe(false);
  });

  it('lets link holders fetch only files of their own ticket on replies they may see', () => {
    const customer = { kind: 'customer', id: 3 } as const;
    const onReply = (over: Partial<ReplyVisibilityFacts> = {}, fileOver: Parameters<typeof file>[0] = {}) => ({ ...file(fileOver), reply: facts(over) });
    expect(canLinkHolderFetchAttachment({ ticketId: 7, viewer: customer }, onReply())).toBe(true);
    expect(canLinkHolderFetchAttachment({ ticketId: 8, viewer: customer }, onReply())).toBe(false);
    expect(canLinkHolderFetchAttachment({ ticketId: 7, viewer: customer }, onReply({ private: true }))).toBe(false);
    expect(canLinkHolderFetchAttachment({ ticketId: 7, viewer: customer }, onReply({}, { removedAt: new Date() }))).toBe(false);
    // A side reply's file: only for its recipients.
    const side = onReply({ audience: 'chosen', recipients: [{ kind: 'participant', personId: 41 }] });
    expect(canLinkHolderFetchAttachment({ ticketId: 7, viewer: customer }, side)).toBe(false);
    expect(canLinkHolderFetchAttachment({ ticketId: 7, viewer: pat(41) }, side)).toBe(true);
    expect(canLinkHolderFetchAttachment({ ticketId: 7, viewer: pat(42) }, side)).toBe(false);
  });

  it('mails a private note’s files to agents only, a removed file to no one, and lets only admins remove files', () => {
    expect(canEmailAttachmentTo('agent', file({ onPrivateNote: true }))).toBe(true);
    expect(canEmailAttachmentTo('customer', file({ onPrivateNote: true }))).toBe(false);
    expect(canEmailAttachmentTo('participant', file())).toBe(true);
    // Removed after the reply's emails were queued: the emails sent later do not list it.
    expect(canEmailAttachmentTo('agent', file({ removedAt: new Date() }))).toBe(false);
    expect(canEmailAttachmentTo('customer', file({ removedAt: new Date() }))).toBe(false);
    expect(canRemoveAttachment(admin, ticket(null), restricted)).toBe(true);
    expect(canRemoveAttachment(agent, ticket(null), open)).toBe(false);
  });
});

describe('team-wide records', () => {
  const inactive = { ...agent, active: false };

  it('lets every active agent manage customers and use saved replies, nobody deactivated', () => {
    for (const who of [admin, agent]) {
      expect(canManageCustomers(who)).toBe(true);
      expect(canUseSavedReplies(who)).toBe(true);
    }
    expect(canManageCustomers(inactive)).toBe(false);
    expect(canUseSavedReplies(inactive)).toBe(false);
  });

  it('lets the author and admins edit or delete a saved reply, and nobody else', () => {
    const agentsReply = { createdByAgentId: agent.id };
    const orphan = { createdByAgentId: null };
    expect(canEditSavedReply(agent, agentsReply)).toBe(true);
    expect(canEditSavedReply(colleague, agentsReply)).toBe(false);
    expect(canEditSavedReply(admin, agentsReply)).toBe(true);
    expect(canEditSavedReply(admin, orphan)).toBe(true);
    expect(canEditSavedReply(agent, orphan)).toBe(false);
    expect(canEditSavedReply(inactive, agentsReply)).toBe(false);
    expect(canEditSavedReply({ ...admin, active: false }, agentsReply)).toBe(false);
    expect(canDeleteSavedReply(colleague, agentsReply)).toBe(false);
    expect(canDeleteSavedReply(agent, agentsReply)).toBe(true);
  });

  it('lets a customer’s email be changed only by an agent who may see every one of their tickets', () => {
    const tickets = [ticket(null), ticket(agent.id)];
    expect(canChangeCustomerEmail(agent, tickets, restricted)).toBe(true);
    expect(canChangeCustomerEmail(agent, [...tickets, ticket(colleague.id)], restricted)).toBe(false);
    expect(canChangeCustomerEmail(agent, [...tickets, ticket(colleague.id)], open)).toBe(true);
    expect(canChangeCustomerEmail(admin, [ticket(colleague.id)], restricted)).toBe(true);
    expect(canChangeCustomerEmail(agent, [], restricted)).toBe(true);
    expect(canChangeCustomerEmail(inactive, [], open)).toBe(false);
  });

  it('names, of several agents, exactly those who may see a ticket', () => {
    const all = [admin, agent, colleague, { ...colleague, id: 4, active: false }];
    expect(agentsWhoMaySee(all, ticket(colleague.id), restricted).map((a) => a.id)).toEqual([admin.id, colleague.id]);
    expect(agentsWhoMaySee(all, ticket(null), restricted).map((a) => a.id)).toEqual([admin.id, agent.id, colleague.id]);
    expect(agentsWhoMaySee(all, ticket(colleague.id), open).map((a) => a.id)).toEqual([admin.id, agent.id, colleague.id]);
  });
});

// ---- Who sees which reply ----

const joined = new Date(Date.UTC(2026, 0, 10));
const before = new Date(joined.getTime() - 60_000);
const after = new Date(joined.getTime() + 60_000);

function facts(over: Partial<ReplyVisibilityFacts> = {}): ReplyVisibilityFacts {
  return { private: false, automatic: false, authorKind: 'agent', authorId: 1, audience: 'everyone', recipients: [], createdAt: after, ...over };
}
const pat = (id: number, view: 'everything' | 'addressed' = 'everything'): ReplyViewer => ({ kind: 'participant', id, view, joinedAt: joined });
const carol: ReplyViewer = { kind: 'customer', id: 3 };

describe('canPersonSeeReply', () => {
  it('shows agents everything, notes and automatic messages included', () => {
    expect(canPersonSeeReply({ kind: 'agent' }, facts({ private: true }))).toBe(true);
    expect(canPersonSeeReply({ kind: 'agent' }, facts({ automatic: true, audience: 'chosen' }))).toBe(true);
  });

  it('never shows a private note or an automatic message outside the team, even to its author or recipients', () => {
    for (const viewer of [carol, pat(41)]) {
      expect(canPersonSeeReply(viewer, facts({ private: true }))).toBe(false);
      expect(canPersonSeeReply(viewer, facts({ automatic: true, authorKind: viewer.kind as 'customer', authorId: 3 }))).toBe(false);
    }
    expect(canPersonSeeReply(carol, facts({ private: true, audience: 'chosen', recipients: [{ kind: 'customer', personId: 3 }] }))).toBe(false);
  });

  it('shows a reply to everyone to the customer and every participant who sees the whole conversation', () => {
    expect(canPersonSeeReply(carol, facts({ createdAt: before }))).toBe(true);
    expect(canPersonSeeReply(pat(41), facts({ createdAt: before }))).toBe(true);
  });

  it('shows a side reply only to the people it is for', () => {
    const toDan = facts({ audience: 'chosen', recipients: [{ kind: 'participant', personId: 42 }] });
    expect(canPersonSeeReply(pat(42), toDan)).toBe(true);
    expect(canPersonSeeReply(pat(41), toDan)).toBe(false);
    expect(canPersonSeeReply(carol, toDan)).toBe(false);
    // Kind and id both count: customer 42 is not participant 42.
    expect(canPersonSeeReply({ kind: 'customer', id: 42 }, toDan)).toBe(false);
    const toCarol = facts({ audience: 'chosen', recipients: [{ kind: 'customer', personId: 3 }] });
    expect(canPersonSeeReply(carol, toCarol)).toBe(true);
    expect(canPersonSeeReply(pat(3), toCarol)).toBe(false);
  });

  it('always shows people their own messages, whoever those were to', () => {
    const own = facts({ authorKind: 'participant', authorId: 41, audience: 'chosen', recipients: [{ kind: 'participant', personId: 42 }], createdAt: before });
    expect(canPersonSeeReply(pat(41, 'addressed'), own)).toBe(true);
    expect(canPersonSeeReply(carol, facts({ authorKind: 'customer', authorId: 3, audience: 'chosen', recipients: [] }))).toBe(true);
    // Another customer (a colleague) writing is not the ticket's customer's own message.
    expect(canPersonSeeReply(carol, facts({ authorKind: 'customer', authorId: 4, audience: 'chosen', recipients: [] }))).toBe(false);
  });

  it('shows a participant who sees only what is sent to them the replies to everyone since they joined, and side replies to them', () => {
    const contractor = pat(41, 'addressed');
    expect(canPersonSeeReply(contractor, facts({ createdAt: before }))).toBe(false);
    expect(canPersonSeeReply(contractor, facts({ createdAt: joined }))).toBe(true);
    expect(canPersonSeeReply(contractor, facts({ createdAt: after }))).toBe(true);
    expect(canPersonSeeReply(contractor, facts({ createdAt: before, audience: 'chosen', recipients: [{ kind: 'participant', personId: 41 }] }))).toBe(true);
    expect(canPersonSeeReply(contractor, facts({ audience: 'chosen', recipients: [{ kind: 'participant', personId: 40 }] }))).toBe(false);
    // The customer is never limited that way.
    expect(canPersonSeeReply(carol, facts({ createdAt: new Date(0) }))).toBe(true);
  });
});

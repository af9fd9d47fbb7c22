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

  it('lets link holders fetch only public files of their own ticket', () => {
    expect(canLinkHolderFetchAttachment(7, file())).toBe(true);
    expect(canLinkHolderFetchAttachment(8, file())).toBe(false);
    expect(canLinkHolderFetchAttachment(7, file({ onPrivateNote: true }))).toBe(false);
    expect(canLinkHolderFetchAttachment(7, file({ removedAt: new Date() }))).toBe(false);
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

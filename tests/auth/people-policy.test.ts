import { describe, expect, it } from 'vitest';
import {
  canAgentRemoveParticipant,
  canLinkHolderAddPeople,
  canLinkHolderRemoveParticipant,
  canLinkHolderSeePeople,
  canResolveCcCandidate,
  decideCopiedPerson,
  decideInboundSender,
  isSentThroughOthersLink,
  LINK_ADDITIONS_PER_DAY,
  looksLikeListOrRobot,
} from '@/lib/auth/policy';
import { defaultSettings } from '@/lib/core/settings';
import { limits } from '@/lib/auth/rate-limit';

// Issue 18: who may bring whom onto a ticket, and what is said about a reply sent through someone else's link.
const on = { ...defaultSettings, participantsEnabled: true, participantsMayAddPeople: true };
const off = { ...on, participantsMayAddPeople: false };
const agent = { id: 1, role: 'agent' as const, active: true };
const ticket = { assigneeId: null, status: 'open' as const };

describe('adding people through a personal link', () => {
  it('is for the customer and every participant, only with “Customers and participants may add people” and participants on', () => {
    expect(canLinkHolderAddPeople('customer', on)).toBe(true);
    expect(canLinkHolderAddPeople('participant', on)).toBe(true);
    expect(canLinkHolderAddPeople('customer', off)).toBe(false);
    expect(canLinkHolderAddPeople('participant', { ...on, participantsEnabled: false })).toBe(false);
  });

  it('is off by default, and participants with “Copy participants” are on for a new install', () => {
    expect(defaultSettings).toMatchObject({ participantsMayAddPeople: false, participantsEnabled: true, copyParticipants: true });
  });

  it('is counted: at most 10 people a day per link', () => {
    expect(LINK_ADDITIONS_PER_DAY).toBe(10);
    expect(limits.linkAddPerson).toMatchObject({ max: 10, windowMs: 24 * 60 * 60_000 });
  });

  it('shows everyone on the ticket to everyone on it while participants are on', () => {
    expect(canLinkHolderSeePeople('participant', on)).toBe(true);
    expect(canLinkHolderSeePeople('customer', { ...on, participantsEnabled: false })).toBe(false);
  });
});

describe('removing people', () => {
  const addedByPat = { addedByHolderKind: 'customer' as const, addedByHolderId: 7 };
  it('a link holder removes only the participants they added', () => {
    expect(canLinkHolderRemoveParticipant({ kind: 'customer', id: 7 }, addedByPat, off)).toBe(true);
    expect(canLinkHolderRemoveParticipant({ kind: 'customer', id: 8 }, addedByPat, on)).toBe(false);
    // The same number as a participant's id is someone else.
    expect(canLinkHolderRemoveParticipant({ kind: 'participant', id: 7 }, addedByPat, on)).toBe(false);
    // Added by an agent or by mail: nobody but agents removes them.
    expect(canLinkHolderRemoveParticipant({ kind: 'customer', id: 7 }, { addedByHolderKind: null, addedByHolderId: null }, on)).toBe(false);
    expect(canLinkHolderRemoveParticipant({ kind: 'customer', id: 7 }, addedByPat, { ...on, participantsEnabled: false })).toBe(false);
  });

  it('agents who may work the ticket remove anyone', () => {
    expect(canAgentRemoveParticipant(agent, ticket, on)).toBe(true);
    expect(canAgentRemoveParticipant({ ...agent, active: false }, ticket, on)).toBe(false);
    expect(canAgentRemoveParticipant(agent, { ...ticket, assigneeId: 2 }, { ...on, restrictAgentsToAssigned: true })).toBe(false);
  });

  it('agents who may work the ticket add or dismiss the Cc’d people, while participants are on', () => {
    expect(canResolveCcCandidate(agent, ticket, on)).toBe(true);
    expect(canResolveCcCandidate(agent, ticket, { ...on, participantsEnabled: false })).toBe(false);
    expect(canResolveCcCandidate(agent, { ...ticket, assigneeId: 2 }, { ...on, restrictAgentsToAssigned: true })).toBe(false);
  });
});

describe('a reply sent through someone else’s link', () => {
  it('is one whose named author is not the link’s holder', () => {
    expect(isSentThroughOthersLink({ kind: 'participant', id: 3 }, { kind: 'customer', id: 3 })).toBe(true);
    expect(isSentThroughOthersLink({ kind: 'participant', id: 3 }, { kind: 'participant', id: 4 })).toBe(true);
    expect(isSentThroughOthersLink({ kind: 'customer', id: 3 }, { kind: 'customer', id: 3 })).toBe(false);
  });
});

describe('people in To/Cc of mail from the customer or a participant', () => {
  const both = { ...on, autoAddParticipants: true };
  const decide = (over: Partial<Parameters<typeof decideCopiedPerson>[0]> = {}) =>
    decideCopiedPerson({ listOrRobot: false, removedFromTicket: false, trust: 'reply-address', room: 10, settings: both, ...over });

  it('join only with auto-add and “may add people” both on, from a trusted message, with room left', () => {
    expect(decide()).toEqual({ action: 'add' });
    expect(decide({ settings: { ...both, autoAddParticipants: false } })).toEqual({ action: 'list', reason: 'not-allowed' });
    expect(decide({ settings: { ...both, participantsMayAddPeople: false } })).toEqual({ action: 'list', reason: 'not-allowed' });
    expect(decide({ trust: 'none' })).toEqual({ action: 'list', reason: 'untrusted' });
    expect(decide({ room: 0 })).toEqual({ action: 'list', reason: 'limit' });
  });

  it('never adds lists, robots, or people removed from the ticket: they are listed instead', () => {
    expect(decide({ listOrRobot: true })).toEqual({ action: 'list', reason: 'list-or-robot' });
    expect(decide({ removedFromTicket: true })).toEqual({ action: 'list', reason: 'removed' });
    expect(decide({ removedFromTicket: true, settings: { ...both, autoAddParticipants: false } })).toEqual({ action: 'list', reason: 'removed' });
  });

  it('tells lists and robots by their address or by earlier list mail from them', () => {
    for (const robot of ['noreply@shop.test', 'no-reply@shop.test', 'No_Reply+x@shop.test', 'donotreply@bank.test', 'mailer-daemon@mx.test', 'postmaster@mx.test', 'bounces@news.test']) {
      expect(looksLikeListOrRobot(robot, false), robot).toBe(true);
    }
    for (const list of ['team-list@acme.test', 'announce@acme.test', 'staff@lists.acme.test', 'dev-l@listserv.uni.test', 'helpers@googlegroups.com']) {
      expect(looksLikeListOrRobot(list, false), list).toBe(true);
    }
    for (const person of ['dave@acme.test', 'norene@acme.test', 'lister@acme.test', 'replyguy@acme.test']) {
      expect(looksLikeListOrRobot(person, false), person).toBe(false);
    }
    expect(looksLikeListOrRobot('dave@acme.test', true)).toBe(true);
  });

  it('a sender that looks like a list is never added as a participant', () => {
    const decision = decideInboundSender({
      email: 'noreply@shop.test',
      excluded: false,
      dmarcFailed: false,
      trust: 'authenticated',
      removedFromTicket: false,
      listOrRobot: true,
      ticketCustomer: { id: 1, email: 'carol@acme.test', companyId: null },
      customerWithEmail: null,
      participants: [],
      settings: both,
    });
    expect(decision).toMatchObject({ action: 'refuse' });
  });
});

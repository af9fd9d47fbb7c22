import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { systemActor } from '@/lib/core/audit';
import { setAgentActive } from '@/lib/auth/agents';
import { getSqlite } from '@/lib/core/db';
import { notePresence, pollSql, pollTicketForAgent, pollTicketListForAgent, PRESENCE_TTL_MS, ticketListVersion } from '@/lib/tickets/live';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { addAgentReply, rotateTicketLinks, updateTicket } from '@/lib/tickets/tickets';
import { newAgent, newTicket, setSettings, tokenOf } from '@/tests/support/link-fixtures';

let admin: Agent;
let ann: Agent;
let bob: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  ann = await newAgent('agent');
  bob = await newAgent('agent');
});
beforeEach(() => setSettings({ participantsEnabled: true, restrictAgentsToAssigned: false, requireTwoFactor: false }));

const later = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('pollTicketForAgent', () => {
  it('reports a newer version and the latest reply only once something changed', async () => {
    const ticket = newTicket();
    const first = pollTicketForAgent({ agentId: ann.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'viewing' });
    expect(first).toMatchObject({ ok: true, status: 'new', lastReply: { authorKind: 'customer', authorName: 'Carol Customer' } });
    const version = first.ok ? first.version : 0;
    expect(pollTicketForAgent({ agentId: ann.id, sessionVersion: 1, ticketId: ticket.id, since: version, activity: 'viewing' })).toMatchObject({ version, lastReply: null });

    await later();
    const reply = addAgentReply({ ticketId: ticket.id, agent: bob, message: 'On it.' });
    const after = pollTicketForAgent({ agentId: ann.id, sessionVersion: 1, ticketId: ticket.id, since: version, activity: 'viewing' });
    expect(after.ok && after.version).toBeGreaterThan(version);
    expect(after).toMatchObject({ status: 'open', lastReply: { id: reply.id, authorKind: 'agent', authorId: bob.id, authorName: bob.name } });
  });

  it('notices assignment and link rotation too', async () => {
    const ticket = newTicket();
    const v0 = (pollTicketForAgent({ agentId: admin.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'viewing' }) as { version: number }).version;
    await later();
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: ann.id } });
    const v1 = (pollTicketForAgent({ agentId: admin.id, sessionVersion: 1, ticketId: ticket.id, since: v0, activity: 'viewing' }) as { version: number }).version;
    expect(v1).toBeGreaterThan(v0);
    await later();
    rotateTicketLinks({ ticketId: ticket.id, agent: admin });
    expect((pollTicketForAgent({ agentId: admin.id, sessionVersion: 1, ticketId: ticket.id, since: v1, activity: 'viewing' }) as { version: number }).version).toBeGreaterThan(v1);
  });

  it('refuses a missing ticket, a ticket the policy hides, and a deactivated agent', async () => {
    const ticket = newTicket();
    expect(pollTicketForAgent({ agentId: ann.id, sessionVersion: 1, ticketId: 999_999, since: 0, activity: 'viewing' })).toEqual({ ok: false, status: 404 });
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: ann.id } });
    setSettings({ restrictAgentsToAssigned: true });
    expect(pollTicketForAgent({ agentId: bob.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'viewing' })).toEqual({ ok: false, status: 403 });
    expect(pollTicketForAgent({ agentId: ann.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'viewing' }).ok).toBe(true);
    const leaver = await newAgent('agent');
    setAgentActive({ id: leaver.id, active: false }, systemActor);
    expect(pollTicketForAgent({ agentId: leaver.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'viewing' })).toEqual({ ok: false, status: 401 });
    expect(pollTicketListForAgent({ agentId: leaver.id, sessionVersion: 1 })).toEqual({ ok: false, status: 401 });
    // A session from before "sign out everywhere" or a password reset (an older session version) is refused too.
    expect(pollTicketForAgent({ agentId: ann.id, sessionVersion: 0, ticketId: ticket.id, since: 0, activity: 'viewing' })).toEqual({ ok: false, status: 401 });
    expect(pollTicketListForAgent({ agentId: ann.id, sessionVersion: 0 })).toEqual({ ok: false, status: 401 });
  });

  it('while the team requires two-factor sign-in, answers an agent without it 403 (nothing learnt, no presence) and one with it as before', async () => {
    const ticket = newTicket();
    const withoutIt = await newAgent('agent');
    setSettings({ requireTwoFactor: true });
    const poll = (agentId: number) => pollTicketForAgent({ agentId, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'replying' });
    expect(poll(withoutIt.id)).toEqual({ ok: false, status: 403 });
    expect(pollTicketListForAgent({ agentId: withoutIt.id, sessionVersion: 1 })).toEqual({ ok: false, status: 403 });
    getSqlite().prepare('update agents set two_factor_enabled_at = ? where id = ?').run(Date.now(), bob.id);
    expect(poll(bob.id)).toMatchObject({ ok: true, presence: [] });
    expect(pollTicketListForAgent({ agentId: bob.id, sessionVersion: 1 }).ok).toBe(true);
    getSqlite().prepare('update agents set two_factor_enabled_at = null where id = ?').run(bob.id);
  });

  it('tells each agent who else has the ticket open and whether they are replying', () => {
    const ticket = newTicket();
    pollTicketForAgent({ agentId: ann.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'replying' });
    const bobSees = pollTicketForAgent({ agentId: bob.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'viewing' });
    expect(bobSees.ok && bobSees.presence).toEqual([{ name: ann.name, activity: 'replying' }]);
    const annSees = pollTicketForAgent({ agentId: ann.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'viewing' });
    expect(annSees.ok && annSees.presence).toEqual([{ name: bob.name, activity: 'viewing' }]);
    pollTicketForAgent({ agentId: bob.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'left' });
    const afterLeaving = pollTicketForAgent({ agentId: ann.id, sessionVersion: 1, ticketId: ticket.id, since: 0, activity: 'viewing' });
    expect(afterLeaving.ok && afterLeaving.presence).toEqual([]);
  });
});

describe('notePresence', () => {
  it('forgets an agent who stopped polling', () => {
    const now = 1_000_000;
    notePresence(424242, { id: 1, name: 'Ann' }, 'viewing', now);
    expect(notePresence(424242, { id: 2, name: 'Bob' }, 'viewing', now + 1000)).toEqual([{ agentId: 1, name: 'Ann', activity: 'viewing', seenAt: now }]);
    expect(notePresence(424242, { id: 2, name: 'Bob' }, 'viewing', now + PRESENCE_TTL_MS + 1)).toEqual([]);
  });
});

describe('pollTicketListForAgent', () => {
  it('moves whenever any ticket changes', async () => {
    const before = ticketListVersion(ann.id);
    expect(pollTicketListForAgent({ agentId: ann.id, sessionVersion: 1 })).toEqual({ ok: true, version: before });
    await later();
    newTicket();
    expect((pollTicketListForAgent({ agentId: ann.id, sessionVersion: 1 }) as { version: number }).version).toBeGreaterThan(before);
  });

  it('for a restricted agent, moves only with the tickets they may see: unassigned ones and their own', async () => {
    setSettings({ restrictAgentsToAssigned: true });
    const version = (agent: Agent) => (pollTicketListForAgent({ agentId: agent.id, sessionVersion: 1 }) as { version: number }).version;
    const bobs = newTicket();
    updateTicket({ ticketId: bobs.id, agent: admin, input: { assigneeId: bob.id } });
    const anns = newTicket();
    updateTicket({ ticketId: anns.id, agent: admin, input: { assigneeId: ann.id } });
    const annBefore = version(ann);
    expect(ticketListVersion(ann.id)).toBe(annBefore);
    const adminBefore = version(admin);
    await later();
    // A private note on Bob's ticket: Ann may not see it, so her version stays; Bob's and the admin's move.
    addAgentReply({ ticketId: bobs.id, agent: admin, message: 'Hidden note', private: true });
    expect(version(ann)).toBe(annBefore);
    expect(version(bob)).toBe(version(admin));
    expect(version(admin)).toBeGreaterThan(adminBefore);
    expect(ticketListVersion(ann.id)).toBe(annBefore);
    await later();
    addAgentReply({ ticketId: anns.id, agent: admin, message: 'Her own' });
    expect(version(ann)).toBeGreaterThan(annBefore);
    const annMiddle = version(ann);
    await later();
    newTicket();
    expect(version(ann)).toBeGreaterThan(annMiddle);
    // Without the restriction everyone sees every change.
    setSettings({ restrictAgentsToAssigned: false });
    expect(version(ann)).toBe(version(admin));
    expect(ticketListVersion(0)).toBe(0);
  });
});

describe('the poll statements', () => {
  // Each poll is one statement of primary-key and index lookups: no scan of a table, no sorting.
  it.each(Object.entries(pollSql))('%s uses indexes only', (_name, statement) => {
    const plan = (getSqlite().prepare(`explain query plan ${statement}`).all({ since: 0, ticketId: 1, agentId: 1, participantId: 1 }) as { detail: string }[]).map(
      (row) => row.detail,
    );
    expect(plan.filter((detail) => /^SCAN /.test(detail))).toEqual([]);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});

import { describe, expect, it } from 'vitest';
import { canSplitTicket, checkMerge, isReadOnlyTicket } from '@/lib/auth/policy';

const settings = { restrictAgentsToAssigned: true, customersCanReopen: true, participantsEnabled: true };
const agent = { id: 2, role: 'agent' as const, active: true };
const admin = { id: 1, role: 'admin' as const, active: true };
const ticket = (id: number, over: { assigneeId?: number | null; mergedIntoId?: number | null } = {}) => ({
  id,
  status: 'open' as const,
  assigneeId: over.assigneeId ?? null,
  mergedIntoId: over.mergedIntoId ?? null,
});
const names = { source: '#2', target: '#1' };

describe('checkMerge', () => {
  it('allows two different, unmerged tickets the agent may work', () => {
    expect(checkMerge(agent, ticket(2), ticket(1, { assigneeId: agent.id }), settings, names)).toEqual({ ok: true });
  });

  it('refuses a ticket into itself', () => {
    expect(checkMerge(admin, ticket(1), ticket(1), settings, names)).toEqual({ ok: false, code: 'validation_failed', reason: 'A ticket cannot be merged into itself.' });
  });

  it('refuses an already merged source, and a merged target naming the end of its chain', () => {
    expect(checkMerge(admin, ticket(2, { mergedIntoId: 3 }), ticket(1), settings, names)).toMatchObject({ ok: false, code: 'conflict' });
    expect(checkMerge(admin, ticket(2), ticket(1, { mergedIntoId: 3 }), settings, { ...names, targetChainEnd: '#4' })).toEqual({
      ok: false,
      code: 'conflict',
      reason: '#1 was merged into #4; merge into #4 instead.',
    });
  });

  it('refuses either ticket when the agent may not work it (restricted agents: someone else’s ticket)', () => {
    const someoneElses = ticket(1, { assigneeId: 9 });
    expect(checkMerge(agent, ticket(2), someoneElses, settings, names)).toEqual({ ok: false, code: 'forbidden', reason: 'You may not change #1.' });
    expect(checkMerge(agent, ticket(2, { assigneeId: 9 }), ticket(1), settings, names)).toEqual({ ok: false, code: 'forbidden', reason: 'You may not change #2.' });
    expect(checkMerge(admin, ticket(2, { assigneeId: 9 }), someoneElses, settings, names)).toEqual({ ok: true });
    expect(checkMerge({ ...admin, active: false }, ticket(2), ticket(1), settings, names)).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('splitting and read-only merged tickets', () => {
  it('splits only an unmerged ticket the agent may work', () => {
    expect(canSplitTicket(agent, ticket(1), settings)).toBe(true);
    expect(canSplitTicket(agent, ticket(1, { assigneeId: 9 }), settings)).toBe(false);
    expect(canSplitTicket(admin, ticket(1, { mergedIntoId: 2 }), settings)).toBe(false);
  });

  it('a merged ticket is read-only', () => {
    expect(isReadOnlyTicket({ mergedIntoId: 2 })).toBe(true);
    expect(isReadOnlyTicket({ mergedIntoId: null })).toBe(false);
  });
});

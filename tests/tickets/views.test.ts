import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { getDb } from '@/lib/core/db';
import { writeSettings } from '@/lib/core/settings';
import { createTicket, updateTicket } from '@/lib/tickets/tickets';
import { countSavedViews, createSavedView, deleteSavedView, getSavedViewForAgent, listSavedViews } from '@/lib/tickets/views';
import { appErrorFrom } from '@/tests/support/helpers';

let admin: Agent;
let ann: Agent;
let bo: Agent;

beforeAll(async () => {
  admin = await createAgent({ email: 'views-admin@example.com', name: 'Ada', password: 'password-1', role: 'admin' }, { kind: 'system' });
  ann = await createAgent({ email: 'ann@example.com', name: 'Ann', password: 'password-2' }, { kind: 'system' });
  bo = await createAgent({ email: 'bo@example.com', name: 'Bo', password: 'password-3' }, { kind: 'system' });
  for (let i = 0; i < 3; i++) {
    const ticket = createTicket({ subject: `Refund ${i}`, message: 'Money back', customer: { email: 'v@example.com' } }, { kind: 'public', source: 'web' });
    updateTicket({ ticketId: ticket.id, agent: admin, input: { tags: ['refund'], priority: i === 0 ? 'urgent' : 'normal', assigneeId: i < 2 ? ann.id : bo.id } });
  }
});

describe('saved views', () => {
  it('saves the filters; a shared view is everyone’s, a personal one its owner’s', async () => {
    const shared = createSavedView({ agent: ann, input: { name: 'Refunds', shared: true, query: { tag: 'Refund', sort: 'due' } } });
    const mine = createSavedView({ agent: ann, input: { name: 'My refunds', query: { tag: 'refund', assignee: 'mine' } } });
    expect(shared.query).toEqual({ tag: 'refund', assignee: 'any', q: '', sort: 'due', status: undefined, priority: undefined });
    expect(listSavedViews(bo).map((v) => v.name)).toEqual(['Refunds']);
    expect(listSavedViews(ann).map((v) => v.name)).toEqual(['My refunds', 'Refunds']);
    expect((await appErrorFrom(() => getSavedViewForAgent({ id: mine.id, agent: bo }))).code).toBe('forbidden');
    expect((await appErrorFrom(() => getSavedViewForAgent({ id: 999_999, agent: bo }))).code).toBe('not_found');
  });

  it('counts each view for whoever looks: "mine" is the viewer, restricted agents see only what they may', () => {
    const [myRefunds, refunds] = listSavedViews(ann);
    const urgent = createSavedView({ agent: bo, input: { name: 'Urgent refunds', shared: true, query: { tag: 'refund', priority: 'urgent', sort: 'priority' } } });
    expect(countSavedViews(ann, [myRefunds, refunds, urgent])).toEqual(
      new Map([
        [myRefunds.id, { total: 2, capped: false }],
        [refunds.id, { total: 0, capped: false }],
        [urgent.id, { total: 1, capped: false }],
      ]),
    );
    // `sort: due` lists tickets with a running target only: none here. With restricted agents on, Bo sees his own
    // and unassigned tickets through the shared view.
    const everyRefund = createSavedView({ agent: admin, input: { name: 'Every refund', shared: true, query: { tag: 'refund' } } });
    getDb().transaction((tx) => writeSettings(tx, { restrictAgentsToAssigned: true }));
    try {
      expect(countSavedViews(bo, [everyRefund]).get(everyRefund.id)).toEqual({ total: 1, capped: false });
      expect(countSavedViews(admin, [everyRefund]).get(everyRefund.id)).toEqual({ total: 3, capped: false });
    } finally {
      getDb().transaction((tx) => writeSettings(tx, { restrictAgentsToAssigned: false }));
    }
  });

  it('refuses a view without a name, with a bad filter or an unknown tag, saving nothing', async () => {
    const before = listSavedViews(admin).length;
    for (const input of [
      { name: '', query: {} },
      { name: 'Bad status', query: { status: 'pending' } },
      { name: 'Bad priority', query: { priority: 'critical' } },
      { name: 'Unknown tag', query: { tag: 'no-such-tag' } },
      { name: 'Extra', query: { colour: 'red' } },
    ]) {
      expect((await appErrorFrom(() => createSavedView({ agent: admin, input }))).code).toBe('validation_failed');
    }
    expect(listSavedViews(admin)).toHaveLength(before);
  });

  it('is deleted by its owner, or (shared) by an admin; nobody else', async () => {
    const view = createSavedView({ agent: ann, input: { name: 'Temporary', shared: true, query: {} } });
    expect((await appErrorFrom(() => deleteSavedView({ id: view.id, agent: bo }))).code).toBe('forbidden');
    deleteSavedView({ id: view.id, agent: admin });
    expect(listSavedViews(ann).some((v) => v.id === view.id)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultSettings } from '@/lib/core/settings';
import type { ServiceLevels } from '@/lib/core/service-level-schema';
import { computeServiceLevels, type ServiceEvent } from '@/lib/tickets/service-levels';

const levels: ServiceLevels = {
  ...defaultSettings.serviceLevels,
  targets: { ...defaultSettings.serviceLevels.targets, normal: { firstResponse: 60, nextResponse: 120, resolution: 480 } },
};
const t = (hhmm: string, day = '2026-03-02') => new Date(`${day}T${hhmm}:00Z`).getTime(); // Monday, UTC 9–17
const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
const created = t('09:00');
const compute = (events: ServiceEvent[], now: number, status: 'new' | 'open' | 'hold' | 'closed' = 'open', priority: 'normal' | 'low' = 'normal') =>
  computeServiceLevels({ createdAt: created, events, levels, priority, status, now });

describe('computeServiceLevels', () => {
  it('has no targets where none are set for the priority', () => {
    expect(compute([], t('10:00'), 'new', 'low')).toEqual({ firstResponse: null, nextResponse: null, resolution: null });
  });

  it('first response: pending, then missed when overdue, met or missed by the first public reply', () => {
    expect(compute([], t('09:30'), 'new').firstResponse).toEqual({ startedAt: new Date(created), dueAt: new Date(t('10:00')), state: 'pending', settledAt: null });
    expect(compute([], t('10:30'), 'new').firstResponse?.state).toBe('missed');
    expect(compute([{ at: t('09:45'), kind: 'agent' }], t('12:00')).firstResponse).toMatchObject({ state: 'met', settledAt: new Date(t('09:45')) });
    expect(compute([{ at: t('10:15'), kind: 'agent' }], t('12:00')).firstResponse?.state).toBe('missed');
  });

  it('stands still on hold and starts again at the customer’s next message', () => {
    const events: ServiceEvent[] = [
      { at: t('09:30'), kind: 'status', to: 'hold' },
      { at: t('11:30'), kind: 'customer' },
    ];
    // 30 minutes ran before the hold; the other 30 start again at the customer's message.
    expect(iso(compute(events, t('11:40')).firstResponse?.dueAt)).toBe('2026-03-02T12:00:00.000Z');
    expect(compute(events.slice(0, 1), t('11:00'), 'hold').firstResponse).toEqual({ startedAt: new Date(created), dueAt: null, state: 'paused', settledAt: null });
    // The resolution clock stood still just as long: 7½ h left at 11:30, 5½ of them on Monday → Tuesday 11:00.
    expect(iso(compute(events, t('11:40')).resolution?.dueAt)).toBe('2026-03-03T11:00:00.000Z');
  });

  it('next response: each customer message after a reply starts a cycle, answered by the next reply', () => {
    const events: ServiceEvent[] = [
      { at: t('09:10'), kind: 'agent' },
      { at: t('10:00'), kind: 'customer' },
      { at: t('10:30'), kind: 'customer' },
    ];
    // Due two business hours after the first unanswered message.
    expect(compute(events, t('11:00')).nextResponse).toEqual({ startedAt: new Date(t('10:00')), dueAt: new Date(t('12:00')), state: 'pending', settledAt: null });
    expect(compute([...events, { at: t('11:00'), kind: 'agent' }], t('13:00')).nextResponse?.state).toBe('met');
    expect(compute([...events, { at: t('13:00'), kind: 'agent' }], t('14:00')).nextResponse?.state).toBe('missed');
    // Before the first reply there is no next response to owe.
    expect(compute([{ at: t('09:20'), kind: 'customer' }], t('09:30')).nextResponse).toBeNull();
  });

  it('resolution: settled by closing; a closed stretch before a reopening does not count', () => {
    const closedAt = { at: t('12:00'), kind: 'status' as const, to: 'closed' as const };
    expect(compute([{ at: t('09:10'), kind: 'agent' }, closedAt], t('18:00'), 'closed').resolution).toMatchObject({ state: 'met', settledAt: new Date(t('12:00')) });
    // Closed at 12:00, reopened 14:00: 3 h ran before, 5 h remain from 14:00 → Tuesday 11:00.
    const reopened = [{ at: t('09:10'), kind: 'agent' as const }, closedAt, { at: t('14:00'), kind: 'status' as const, to: 'open' as const }];
    expect(iso(compute(reopened, t('15:00')).resolution?.dueAt)).toBe('2026-03-03T11:00:00.000Z');
    // A ticket closed before anyone answered owes no first response.
    expect(compute([closedAt], t('13:00'), 'closed').firstResponse).toBeNull();
  });

  it('gives the same answer for the same history however often it is replayed', () => {
    const events: ServiceEvent[] = [
      { at: t('09:10'), kind: 'agent' },
      { at: t('10:00'), kind: 'status', to: 'hold' },
      { at: t('16:00'), kind: 'customer' },
    ];
    const first = compute(events, t('16:30'));
    expect(compute(events, t('16:30'))).toEqual(first);
    expect(iso(first.nextResponse?.dueAt)).toBe('2026-03-03T10:00:00.000Z');
  });
});

describe('service levels of a stored ticket, and changing them', () => {
  it('refuses a bad calendar or a target of 0 or less, naming the field and changing nothing; non-admins are refused', async () => {
    const { createAgent } = await import('@/lib/auth/agents');
    const { updateServiceLevels } = await import('@/lib/auth/admin-settings');
    const { getSettings } = await import('@/lib/core/settings');
    const { appErrorFrom } = await import('@/tests/support/helpers');
    const admin = await createAgent({ email: 'sla-admin@example.com', name: 'Ada', password: 'password-1', role: 'admin' }, { kind: 'system' });
    const agent = await createAgent({ email: 'sla-agent@example.com', name: 'Bo', password: 'password-2' }, { kind: 'system' });
    const before = getSettings().serviceLevels;
    const bad: [unknown, string][] = [
      [{ ...levels, timeZone: 'Nowhere/Land' }, 'timeZone'],
      [{ ...levels, week: { ...levels.week, mon: [['17:00', '17:00']] } }, 'week.mon.0'],
      [{ ...levels, holidays: ['2026-13-01'] }, 'holidays.0'],
      [{ ...levels, targets: { ...levels.targets, urgent: { firstResponse: 0, nextResponse: null, resolution: null } } }, 'targets.urgent.firstResponse'],
      [{ ...levels, targets: { ...levels.targets, high: { firstResponse: -5, nextResponse: null, resolution: null } } }, 'targets.high.firstResponse'],
      [{ ...levels, targets: { ...levels.targets, critical: { firstResponse: 5 } } }, 'targets'],
    ];
    for (const [input, field] of bad) {
      const error = await appErrorFrom(() => updateServiceLevels({ agent: admin, input }));
      expect(error.code).toBe('validation_failed');
      expect(Object.keys(error.fields ?? {})).toContain(field);
    }
    expect((await appErrorFrom(() => updateServiceLevels({ agent, input: levels }))).code).toBe('forbidden');
    expect(getSettings().serviceLevels).toEqual(before);
    expect(updateServiceLevels({ agent: admin, input: levels })).toEqual(levels);
  });

  it('reads the ticket’s history: the first response turns met on an agent’s public reply, not on a note', async () => {
    const { getSettings } = await import('@/lib/core/settings');
    const { getAgentByEmail } = await import('@/lib/auth/agents');
    const { addAgentReply, createTicket } = await import('@/lib/tickets/tickets');
    const { serviceLevelsOfTicket } = await import('@/lib/tickets/service-levels');
    const agent = getAgentByEmail({ email: 'sla-agent@example.com' })!;
    const allDay = [['00:00', '24:00']] as [string, string][];
    const always = { ...getSettings().serviceLevels, week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } };
    const ticket = createTicket({ subject: 'SLA', message: 'Help', customer: { email: 'sla@example.com' } }, { kind: 'public', source: 'web' });
    const now = Date.now();
    expect(serviceLevelsOfTicket(ticket, always, now).firstResponse).toMatchObject({ state: 'pending' });
    expect(serviceLevelsOfTicket(ticket, always, now).firstResponse?.dueAt?.getTime()).toBe(ticket.createdAt.getTime() + 60 * 60_000);
    addAgentReply({ ticketId: ticket.id, agent, message: 'Internal', private: true });
    expect(serviceLevelsOfTicket(ticket, always).firstResponse?.state).toBe('pending');
    addAgentReply({ ticketId: ticket.id, agent, message: 'On it' });
    expect(serviceLevelsOfTicket({ ...ticket, status: 'open' }, always).firstResponse?.state).toBe('met');
  });
});

import { describe, expect, it } from 'vitest';
import type { Reply } from '@/db/schema';
import { companyView, customerView, participantView, replyView, ticketSummaryView, ticketView } from '@/lib/attachments/api-views';
import type { CustomerWithCompany } from '@/lib/people/customers';
import type { ParticipantView } from '@/lib/participants/participants';
import type { TicketListItem } from '@/lib/tickets/tickets';
import type { TicketWithPeople } from '@/lib/tickets/records';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 2, 10, minute));

const company = { id: 3, name: 'Acme', createdAt: at(0) };
const customer: CustomerWithCompany = { id: 7, email: 'ann@acme.test', name: 'Ann', companyId: 3, createdAt: at(0), company };

const ticket: TicketWithPeople = {
  id: 11,
  number: 1001,
  displayNumber: 'PAR-1001',
  subject: 'Printer on fire',
  status: 'open',
  priority: 'high',
  slaDueAt: null,
  slaAlertAt: null,
  snoozedUntil: null,
  customerId: 7,
  assigneeId: 2,
  linkVersion: 1,
  customerLinkVersion: 1,
  createdAt: at(1),
  updatedAt: at(5),
  lastActivityAt: at(5),
  reopenedAt: null,
  onHoldSince: null,
  autoCloseRemindedAt: null,
  mergedIntoId: null,
  mergedAt: null,
  sideReplyAt: null,
  updatedBeforeSideAt: null,
  customer,
  assignee: { id: 2, email: 'bo@parley.test', name: 'Bo' },
};

const reply = (over: Partial<Reply> = {}): Reply => ({
  id: 21,
  ticketId: 11,
  body: 'It is still burning.',
  signature: '',
  automatic: false,
  inboundMessageId: null,
  fromTicketId: null,
  private: false,
  authorKind: 'customer',
  authorId: 7,
  authorEmail: 'ann@acme.test',
  authorName: 'Ann',
  source: 'web',
  viaKind: null,
  viaId: null,
  viaEmail: null,
  viaName: null,
  audience: 'everyone',
  createdAt: at(2),
  ...over,
});

const guest: ParticipantView = {
  id: 31,
  email: 'cy@elsewhere.test',
  name: 'Cy',
  customerId: null,
  company: null,
  addedAt: at(3),
  addedBy: { kind: 'agent', id: 2, name: 'Bo' },
  ticketUrl: 'http://parley.test/t/11.p31.1.sig',
  view: 'everything',
};

describe('replyView', () => {
  it('shows the author and an ISO date, and keeps the private flag', () => {
    expect(replyView(reply({ private: true, authorKind: 'agent', authorEmail: 'bo@parley.test', authorName: 'Bo' }))).toEqual({
      id: 21,
      body: 'It is still burning.',
      private: true,
      author: { kind: 'agent', email: 'bo@parley.test', name: 'Bo' },
      sentThrough: null,
      to: 'everyone',
      createdAt: '2025-01-02T10:02:00.000Z',
      fromTicket: null,
      attachments: [],
    });
  });

  it('says whose link a reply came through when that is not its author’s', () => {
    const through = replyView(reply({ authorName: 'Carol Chen', viaKind: 'participant', viaId: 9, viaEmail: 'frank@else.test', viaName: 'Frank Li' }));
    expect(through.author).toEqual({ kind: 'customer', email: 'ann@acme.test', name: 'Carol Chen' });
    expect(through.sentThrough).toEqual({ kind: 'participant', email: 'frank@else.test', name: 'Frank Li' });
  });

  it('names the people a side reply was to', () => {
    const dan = { kind: 'participant' as const, id: 31, email: 'cy@elsewhere.test', name: 'Cy' };
    expect(replyView(reply({ audience: 'chosen' }), [], [dan]).to).toEqual([dan]);
    // A reply to everyone says so, whatever recipients are passed.
    expect(replyView(reply(), [], [dan]).to).toBe('everyone');
  });

  it('lists the reply’s files with their download address, leaving out removed ones', () => {
    const file = { id: 5, filename: 'log.txt', contentType: 'text/plain', size: 12, url: 'http://parley.test/api/v1/attachments/5' };
    const view = replyView(reply(), [
      { ...file, removed: false },
      { ...file, id: 6, removed: true },
    ]);
    expect(view.attachments).toEqual([file]);
  });

  it('reports participants as participants', () => {
    expect(replyView(reply({ authorKind: 'participant', authorEmail: 'cy@elsewhere.test', authorName: 'Cy' })).author).toEqual({
      kind: 'participant',
      email: 'cy@elsewhere.test',
      name: 'Cy',
    });
  });
});

describe('participantView', () => {
  it('has exactly the documented fields', () => {
    expect(participantView(guest)).toEqual({
      id: 31,
      email: 'cy@elsewhere.test',
      name: 'Cy',
      customerId: null,
      company: null,
      addedAt: '2025-01-02T10:03:00.000Z',
      addedBy: { kind: 'agent', id: 2, name: 'Bo' },
      ticketUrl: 'http://parley.test/t/11.p31.1.sig',
      view: 'everything',
    });
  });
});

describe('ticketView', () => {
  const view = ticketView({ ticket, customerTicketUrl: 'http://parley.test/t/11.c7.1.sig', conversation: { replies: [reply()], olderCursor: 'older' }, participants: [guest], tags: ['billing', 'vip'], serviceLevels: {
    firstResponse: { startedAt: at(1), dueAt: at(30), state: 'met', settledAt: at(20) },
    nextResponse: { startedAt: at(25), dueAt: at(90), state: 'pending', settledAt: null },
    resolution: { startedAt: at(1), dueAt: at(40), state: 'missed', settledAt: null },
  } });

  it('uses the display number and shows the customer with company name and personal link', () => {
    expect(view).toMatchObject({
      id: 11,
      number: 'PAR-1001',
      subject: 'Printer on fire',
      status: 'open',
      priority: 'high',
      tags: ['billing', 'vip'],
      customer: { id: 7, email: 'ann@acme.test', name: 'Ann', company: 'Acme', ticketUrl: 'http://parley.test/t/11.c7.1.sig' },
      assignee: { id: 2, email: 'bo@parley.test', name: 'Bo' },
      createdAt: '2025-01-02T10:01:00.000Z',
      updatedAt: '2025-01-02T10:05:00.000Z',
    });
  });

  it('has exactly the documented keys, with replies and participants in their own shapes', () => {
    expect(Object.keys(view).sort()).toEqual(
      ['id', 'number', 'subject', 'status', 'priority', 'tags', 'snoozedUntil', 'mergedInto', 'sla', 'customer', 'assignee', 'createdAt', 'updatedAt', 'replies', 'repliesNextCursor', 'participants', 'ratings'].sort(),
    );
    expect(view.replies).toEqual([replyView(reply())]);
    expect(view.repliesNextCursor).toBe('older');
    expect(view.participants).toEqual([participantView(guest)]);
  });

  it('lists each rating with who gave it, as the API documents', () => {
    const rated = ticketView({
      ticket,
      customerTicketUrl: 'u',
      conversation: { replies: [], olderCursor: null },
      participants: [],
      tags: [],
      serviceLevels: { firstResponse: null, nextResponse: null, resolution: null },
      ratings: [
        { id: 1, ticketId: 11, closingEventId: 5, closedAt: at(10), closedByAgentId: 2, assigneeId: 2, raterKind: 'customer', raterId: 7, raterEmail: 'ann@acme.test', raterName: 'Ann', rating: 'good', comment: 'quick and clear', createdAt: at(11), updatedAt: at(12) },
        { id: 2, ticketId: 11, closingEventId: 5, closedAt: at(10), closedByAgentId: 2, assigneeId: 2, raterKind: 'participant', raterId: 31, raterEmail: 'cy@elsewhere.test', raterName: 'Cy', rating: 'bad', comment: '', createdAt: at(13), updatedAt: at(13) },
      ],
    });
    expect(rated.ratings).toEqual([
      { by: { email: 'ann@acme.test', kind: 'customer' }, rating: 'good', comment: 'quick and clear', at: at(12).toISOString() },
      { by: { email: 'cy@elsewhere.test', kind: 'participant' }, rating: 'bad', comment: '', at: at(13).toISOString() },
    ]);
    expect(view.ratings).toEqual([]);
  });

  it('shows no company and no assignee as null', () => {
    const lone = ticketView({
      ticket: { ...ticket, assigneeId: null, assignee: null, customer: { ...customer, companyId: null, company: null } },
      customerTicketUrl: 'u',
      conversation: { replies: [], olderCursor: null },
      participants: [],
      tags: [],
      serviceLevels: { firstResponse: null, nextResponse: null, resolution: null },
    });
    expect(lone.sla).toEqual({ firstResponseDueAt: null, nextResponseDueAt: null, resolutionDueAt: null, breached: [], met: [], paused: false });
    expect(lone.assignee).toBeNull();
    expect(lone.customer.company).toBeNull();
  });

  it('shows the service targets: due times, what was met and what was missed', () => {
    expect(view.sla).toEqual({
      firstResponseDueAt: at(30).toISOString(),
      nextResponseDueAt: at(90).toISOString(),
      resolutionDueAt: at(40).toISOString(),
      breached: ['resolution'],
      met: ['firstResponse'],
      paused: false,
    });
  });

  it('survives a JSON round trip unchanged (no Dates or undefined left)', () => {
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

describe('ticketSummaryView', () => {
  const item: TicketListItem = {
    id: 11,
    number: 1001,
    displayNumber: 'PAR-1001',
    subject: 'Printer on fire',
    status: 'hold',
    priority: 'urgent',
    tags: ['refund'],
    customerId: 7,
    customerName: 'Ann',
    customerEmail: 'ann@acme.test',
    assigneeId: 2,
    assigneeName: 'Bo',
    assigneeEmail: 'bo@parley.test',
    participantCount: 2,
    lastActivityAt: at(6),
    slaDueAt: at(50),
    createdAt: at(1),
    updatedAt: at(5),
    reopenedAt: null,
    mergedIntoId: null,
    mergedIntoNumber: null,
  };

  it('summarises without replies, with the participant count', () => {
    expect(ticketSummaryView(item)).toEqual({
      id: 11,
      number: 'PAR-1001',
      subject: 'Printer on fire',
      status: 'hold',
      priority: 'urgent',
      tags: ['refund'],
      customer: { id: 7, email: 'ann@acme.test', name: 'Ann' },
      assignee: { id: 2, email: 'bo@parley.test', name: 'Bo' },
      participantCount: 2,
      mergedInto: null,
      createdAt: '2025-01-02T10:01:00.000Z',
      updatedAt: '2025-01-02T10:05:00.000Z',
      lastActivityAt: '2025-01-02T10:06:00.000Z',
      slaDueAt: '2025-01-02T10:50:00.000Z',
    });
  });

  it('shows an unassigned ticket with a null assignee', () => {
    expect(ticketSummaryView({ ...item, assigneeId: null, assigneeName: null, assigneeEmail: null }).assignee).toBeNull();
  });
});

describe('customerView and companyView', () => {
  it('shows a customer with company id and name', () => {
    expect(customerView(customer)).toEqual({
      id: 7,
      email: 'ann@acme.test',
      name: 'Ann',
      companyId: 3,
      company: 'Acme',
      createdAt: '2025-01-02T10:00:00.000Z',
    });
    expect(customerView({ ...customer, companyId: null, company: null })).toMatchObject({ companyId: null, company: null });
  });

  it('shows a company with its email domains and customer count', () => {
    expect(companyView({ ...company, customerCount: 4, domains: ['acme.test'] })).toEqual({
      id: 3,
      name: 'Acme',
      domains: ['acme.test'],
      customerCount: 4,
      createdAt: '2025-01-02T10:00:00.000Z',
    });
  });
});

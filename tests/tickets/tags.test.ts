import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { listAuditForTicket } from '@/lib/core/audit';
import { deleteTag, getTagByName, listTagsWithCounts, mergeTags, renameTag, tagsOfTicket } from '@/lib/tickets/tags';
import { changeTicketTag, createTicket, getTicketForAgent, listTicketsForAgent, splitTagWords, updateTicket } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';

let admin: Agent;
let agent: Agent;

beforeAll(async () => {
  admin = await createAgent({ email: 'admin@example.com', name: 'Ada', password: 'password-1', role: 'admin' }, { kind: 'system' });
  agent = await createAgent({ email: 'agent@example.com', name: 'Bo', password: 'password-2' }, { kind: 'system' });
});

const newTicket = (subject: string) =>
  createTicket({ subject, message: 'Hello there', customer: { email: 'carol@acme.test', name: 'Carol' } }, { kind: 'public', source: 'web' });
const idsOf = (list: { tickets: { id: number }[] }) => list.tickets.map((t) => t.id);

describe('tags on tickets', () => {
  it('sets the whole tag list through updateTicket, creating new tags lower-cased, and records the change', () => {
    const ticket = newTicket('Invoice wrong');
    updateTicket({ ticketId: ticket.id, agent, input: { tags: ['Billing', 'vip', 'billing'] } });
    expect(tagsOfTicket(ticket.id)).toEqual(['billing', 'vip']);
    updateTicket({ ticketId: ticket.id, agent, input: { tags: ['vip', 'refund'] } });
    expect(tagsOfTicket(ticket.id)).toEqual(['refund', 'vip']);
    const changes = listAuditForTicket({ ticketId: ticket.id }).filter((e) => e.action === 'ticket.tags_changed');
    expect(changes.map((e) => e.detail)).toEqual([
      { added: ['billing', 'vip'], removed: [] },
      { added: ['refund'], removed: ['billing'] },
    ]);
  });

  it('adds and removes one tag at a time (the ticket page)', () => {
    const ticket = newTicket('One at a time');
    expect(changeTicketTag({ ticketId: ticket.id, agent, add: 'urgent-fix' })).toEqual(['urgent-fix']);
    expect(changeTicketTag({ ticketId: ticket.id, agent, add: 'urgent-fix' })).toEqual(['urgent-fix']);
    expect(changeTicketTag({ ticketId: ticket.id, agent, remove: 'urgent-fix' })).toEqual([]);
  });

  it('refuses bad tag names and unknown priorities, changing nothing', async () => {
    const ticket = newTicket('Bad input');
    updateTicket({ ticketId: ticket.id, agent, input: { tags: ['keep'] } });
    for (const input of [{ tags: ['two words'] }, { tags: [''] }, { tags: 'billing' }, { tags: ['ok', 42] }, { priority: 'critical' }, { tags: ['fine'], priority: 'nope' }]) {
      const error = await appErrorFrom(() => updateTicket({ ticketId: ticket.id, agent, input }));
      expect(error.code).toBe('validation_failed');
    }
    expect(tagsOfTicket(ticket.id)).toEqual(['keep']);
    expect(getTicketForAgent({ id: ticket.id, agent }).priority).toBe('normal');
    expect(getTagByName('fine')).toBeUndefined();
    expect((await appErrorFrom(() => updateTicket({ ticketId: ticket.id, agent, input: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } }))).fields).toHaveProperty('tags');
  });

  it('sets the priority and filters lists by it', () => {
    const ticket = newTicket('Server down');
    expect(updateTicket({ ticketId: ticket.id, agent, input: { priority: 'urgent' } }).priority).toBe('urgent');
    expect(idsOf(listTicketsForAgent({ agent, priority: 'urgent' }))).toEqual([ticket.id]);
    expect(listTicketsForAgent({ agent, priority: 'urgent' }).tickets[0]).toMatchObject({ priority: 'urgent', tags: [] });
    expect(listAuditForTicket({ ticketId: ticket.id }).find((e) => e.action === 'ticket.priority_changed')?.detail).toEqual({ from: 'normal', to: 'urgent' });
  });
});

describe('lists and search by tag', () => {
  it('filters by ?tag= and by tag: words, combined with words and other filters', async () => {
    const printer = newTicket('Printer jam');
    const other = newTicket('Printer toner');
    updateTicket({ ticketId: printer.id, agent, input: { tags: ['hardware', 'office'] } });
    updateTicket({ ticketId: other.id, agent, input: { tags: ['hardware'] } });
    expect(idsOf(listTicketsForAgent({ agent, tag: 'hardware' })).sort()).toEqual([printer.id, other.id].sort());
    expect(idsOf(listTicketsForAgent({ agent, tag: 'HARDWARE', q: 'tag:office' }))).toEqual([printer.id]);
    expect(idsOf(listTicketsForAgent({ agent, q: 'tag:hardware toner' }))).toEqual([other.id]);
    expect(listTicketsForAgent({ agent, q: 'tag:hardware' }).tickets.find((t) => t.id === printer.id)?.tags).toEqual(['hardware', 'office']);
    // A tag: word naming no tag matches nothing; a ?tag= filter naming none is refused.
    expect(listTicketsForAgent({ agent, q: 'tag:nosuchtag' }).total).toBe(0);
    const error = await appErrorFrom(() => listTicketsForAgent({ agent, tag: 'nosuchtag' }));
    expect(error).toMatchObject({ code: 'validation_failed', fields: { tag: 'is not a known tag' } });
  });

  it('splits tag: words from the rest of a search', () => {
    expect(splitTagWords(' tag:Billing printer  TAG:vip fire ')).toEqual({ tagNames: ['billing', 'vip'], rest: 'printer fire' });
  });
});

describe('Settings → Tags: rename, merge, delete', () => {
  it('renames a tag on every ticket; a taken name is a conflict; bad names are refused', async () => {
    const ticket = newTicket('Rename me');
    updateTicket({ ticketId: ticket.id, agent, input: { tags: ['bilingg', 'taken'] } });
    const tag = getTagByName('bilingg')!;
    expect((await appErrorFrom(() => renameTag({ agent: admin, tagId: tag.id, name: 'Taken' }))).code).toBe('conflict');
    expect((await appErrorFrom(() => renameTag({ agent: admin, tagId: tag.id, name: 'has space' }))).fields).toHaveProperty('name');
    expect((await appErrorFrom(() => renameTag({ agent, tagId: tag.id, name: 'billing2' }))).code).toBe('forbidden');
    expect(renameTag({ agent: admin, tagId: tag.id, name: 'Invoices' }).name).toBe('invoices');
    expect(tagsOfTicket(ticket.id)).toEqual(['invoices', 'taken']);
  });

  it('merges one tag into another: tickets with both keep one, the first tag is gone', () => {
    const both = newTicket('Both');
    const onlyFrom = newTicket('Only from');
    updateTicket({ ticketId: both.id, agent, input: { tags: ['bug', 'defect'] } });
    updateTicket({ ticketId: onlyFrom.id, agent, input: { tags: ['defect'] } });
    const bug = getTagByName('bug')!;
    const defect = getTagByName('defect')!;
    mergeTags({ agent: admin, fromTagId: defect.id, intoTagId: bug.id });
    expect(tagsOfTicket(both.id)).toEqual(['bug']);
    expect(tagsOfTicket(onlyFrom.id)).toEqual(['bug']);
    expect(getTagByName('defect')).toBeUndefined();
    expect(listTagsWithCounts().find((t) => t.name === 'bug')?.ticketCount).toBe(2);
  });

  it('refuses merging a tag into itself and non-admins; deletes a tag from every ticket', async () => {
    const ticket = newTicket('Delete');
    updateTicket({ ticketId: ticket.id, agent, input: { tags: ['obsolete', 'stays'] } });
    const obsolete = getTagByName('obsolete')!;
    expect((await appErrorFrom(() => mergeTags({ agent: admin, fromTagId: obsolete.id, intoTagId: obsolete.id }))).code).toBe('validation_failed');
    expect((await appErrorFrom(() => deleteTag({ agent, tagId: obsolete.id }))).code).toBe('forbidden');
    expect((await appErrorFrom(() => deleteTag({ agent: admin, tagId: 999_999 }))).code).toBe('not_found');
    deleteTag({ agent: admin, tagId: obsolete.id });
    expect(tagsOfTicket(ticket.id)).toEqual(['stays']);
    expect(getTagByName('obsolete')).toBeUndefined();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { getSqlite } from '@/lib/core/db';
import { addAgentReply, listRepliesPage, REPLY_PAGE_SIZE } from '@/lib/tickets/tickets';
import { appErrorFrom } from '@/tests/support/helpers';
import { newAgent, newTicket } from '@/tests/support/link-fixtures';

let admin: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
});

/** Adds `count` replies to a ticket, all with the same timestamp unless `at` says otherwise; returns their bodies. */
function addReplies(ticketId: number, count: number, { at = () => 1_700_000_000_000, isPrivate = () => false } = {} as {
  at?: (i: number) => number;
  isPrivate?: (i: number) => boolean;
}) {
  const insert = getSqlite().prepare(
    "insert into replies (ticket_id, body, private, author_kind, author_email, author_name, source, created_at) values (?, ?, ?, 'agent', 'a@team.test', 'A', 'web', ?)",
  );
  const bodies: string[] = [];
  getSqlite().transaction(() => {
    for (let i = 0; i < count; i++) {
      const body = `reply ${i}`;
      insert.run(ticketId, body, isPrivate(i) ? 1 : 0, at(i));
      bodies.push(body);
    }
  })();
  return bodies;
}

/** Every page from the newest back, each oldest first. */
function allPages(ticketId: number, includePrivate = true, limit = REPLY_PAGE_SIZE) {
  const pages = [listRepliesPage({ ticketId, includePrivate, limit })];
  while (pages[pages.length - 1].olderCursor) {
    pages.push(listRepliesPage({ ticketId, includePrivate, limit, before: pages[pages.length - 1].olderCursor! }));
  }
  return pages.map((page) => page.replies.map((reply) => reply.body));
}

describe('listRepliesPage', () => {
  it('pages back from the newest replies, each page oldest first, with no cursor on the last page', () => {
    const ticket = newTicket();
    // The opening message is older than these.
    const bodies = addReplies(ticket.id, 120, { at: (i) => Date.now() + i * 1000 });
    const pages = allPages(ticket.id);
    expect(pages.map((page) => page.length)).toEqual([50, 50, 21]);
    expect(pages[0]).toEqual(bodies.slice(70));
    expect(pages[1]).toEqual(bodies.slice(20, 70));
    expect(pages[2]).toEqual(['First message', ...bodies.slice(0, 20)]);
  });

  it('has no older page when the conversation fits exactly, and a one-reply page when it is one over', () => {
    const exact = newTicket();
    addReplies(exact.id, REPLY_PAGE_SIZE - 1, { at: (i) => Date.now() + i });
    expect(listRepliesPage({ ticketId: exact.id, includePrivate: true })).toMatchObject({ olderCursor: null });
    expect(listRepliesPage({ ticketId: exact.id, includePrivate: true }).replies).toHaveLength(REPLY_PAGE_SIZE);

    const oneOver = newTicket();
    addReplies(oneOver.id, REPLY_PAGE_SIZE, { at: (i) => Date.now() + i });
    expect(allPages(oneOver.id).map((page) => page.length)).toEqual([REPLY_PAGE_SIZE, 1]);
  });

  it('keeps a stable order when many replies share one timestamp: every reply once, by id', () => {
    const ticket = newTicket();
    const bodies = addReplies(ticket.id, 137);
    const seen = allPages(ticket.id, true, 10).reverse().flat();
    expect(seen).toHaveLength(138);
    expect(new Set(seen).size).toBe(138);
    expect(seen.filter((body) => body !== 'First message')).toEqual(bodies);
  });

  it('leaves private notes out of the pages a personal link sees', () => {
    const ticket = newTicket();
    const bodies = addReplies(ticket.id, 60, { at: (i) => Date.now() + i, isPrivate: (i) => i % 2 === 1 });
    const pages = allPages(ticket.id, false, 20);
    expect(pages.map((page) => page.length)).toEqual([20, 11]);
    expect(pages.reverse().flat()).toEqual(['First message', ...bodies.filter((_, i) => i % 2 === 0)]);
  });

  it('gives the same older page after new replies arrive', () => {
    const ticket = newTicket();
    addReplies(ticket.id, 80, { at: (i) => Date.now() - 60_000 + i });
    const newest = listRepliesPage({ ticketId: ticket.id, includePrivate: true });
    const older = listRepliesPage({ ticketId: ticket.id, includePrivate: true, before: newest.olderCursor! });
    addAgentReply({ ticketId: ticket.id, agent: admin, message: 'A late answer' });
    expect(listRepliesPage({ ticketId: ticket.id, includePrivate: true, before: newest.olderCursor! })).toEqual(older);
  });

  it('refuses a cursor it did not make with a validation error naming it', async () => {
    const ticket = newTicket();
    for (const before of ['nonsense', Buffer.from('1.x').toString('base64url'), Buffer.from('-1.5').toString('base64url')]) {
      const error = await appErrorFrom(() => listRepliesPage({ ticketId: ticket.id, includePrivate: true, before }));
      expect(error.code).toBe('validation_failed');
      expect(error.fields).toEqual({ before: 'is not a valid cursor' });
    }
  });
});

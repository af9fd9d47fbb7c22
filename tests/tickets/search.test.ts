import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { companies, customers, tickets, type Agent } from '@/db/schema';
import { getCustomerById, listCustomers, updateCustomer } from '@/lib/people/customers';
import { addParticipant, removeParticipant } from '@/lib/participants/participants';
import { getDb, getSqlite, migrationsFolder } from '@/lib/core/db';
import { COUNT_CAP, ftsPhrases } from '@/lib/core/word-search';
import { findTicketsMatching } from '@/lib/tickets/search';
import { addAgentReply, listTicketsForAgent, updateTicket } from '@/lib/tickets/tickets';
import { newAgent, newCustomer, newTicket, setSettings, unique } from '@/tests/support/link-fixtures';

let admin: Agent;
let agent: Agent;
let other: Agent;
beforeAll(async () => {
  admin = await newAgent('admin');
  agent = await newAgent('agent');
  other = await newAgent('agent');
});
beforeEach(() => setSettings({ restrictAgentsToAssigned: false, ticketPrefix: 'PAR-', ticketSuffix: '' }));

/** A ticket whose subject and first message carry a word unique to the test, so results are exact. */
function ticketAbout(subject: string, message = 'First message') {
  const ticket = newTicket();
  getDb().update(tickets).set({ subject }).where(eq(tickets.id, ticket.id)).run();
  if (message !== 'First message') addAgentReply({ ticketId: ticket.id, agent: admin, message });
  return ticket;
}

const customerOf = (id: number) => getCustomerById({ id })!;

const found = (q: string, who: Agent = admin) => listTicketsForAgent({ agent: who, q }).tickets.map((t) => t.id);

describe('ftsPhrases', () => {
  it('quotes each word as a phrase of its letter and digit tokens and makes the last one a prefix from 3 letters', () => {
    expect(ftsPhrases(['printer', 'on', 'fir'])).toEqual(['"printer"', '"on"', '"fir"*']);
    expect(ftsPhrases(['printer', 'fi'])).toEqual(['"printer"', '"fi"']);
    expect(ftsPhrases(['re-open', 'x'])).toEqual(['"re open"', '"x"']);
    expect(ftsPhrases(['"', '*', 'AND', '-', ':'])).toEqual(['"AND"*']);
    expect(ftsPhrases(['Çé"ü*'])).toEqual(['"Çé ü"']);
    expect(ftsPhrases(['"*-:()^'])).toEqual([]);
  });
});

describe('ticket search', () => {
  it('finds words in subjects, replies and private notes, the last word as a prefix', () => {
    const word = unique('zebracorn').replace('-', '');
    const inSubject = ticketAbout(`Printer ${word} jammed`);
    const inReply = ticketAbout('Something else', `The ${word}s are back`);
    const inNote = newTicket();
    addAgentReply({ ticketId: inNote.id, agent: admin, message: `internal ${word}note`, private: true });

    expect(found(word).sort()).toEqual([inSubject.id, inReply.id, inNote.id].sort());
    expect(found(word.slice(0, 6))).toEqual(expect.arrayContaining([inSubject.id, inReply.id, inNote.id]));
    expect(found(`${word} jam`)).toEqual([inSubject.id]);
    // Only the last word is a prefix.
    expect(found(`${word.slice(0, 6)} jammed`)).toEqual([]);
    // Words may be in different parts of the ticket.
    addAgentReply({ ticketId: inSubject.id, agent: admin, message: 'Replaced the fuser' });
    expect(found(`${word} fuser`)).toEqual([inSubject.id]);
    expect(found(`${word} nowhere`)).toEqual([]);
  });

  it('ignores case and accents', () => {
    const ticket = ticketAbout(unique('Café Crème'));
    expect(found(`CAFE creme`)).toContain(ticket.id);
  });

  it('lists matches newest activity first, and activity moves a ticket up', () => {
    const word = unique('ranking').replace('-', '');
    const [oldest, middle, newest] = [ticketAbout(`${word} one`), ticketAbout(`${word} two`), ticketAbout(`${word} three`)];
    const times = [oldest, middle, newest].map((t, i) => new Date(Date.now() - (10 - i) * 60_000));
    [oldest, middle, newest].forEach((t, i) => getDb().update(tickets).set({ lastActivityAt: times[i] }).where(eq(tickets.id, t.id)).run());
    expect(found(word)).toEqual([newest.id, middle.id, oldest.id]);
    addAgentReply({ ticketId: oldest.id, agent: admin, message: 'A new answer' });
    expect(found(word)).toEqual([oldest.id, newest.id, middle.id]);
  });

  it('treats typed operators and punctuation as text, never as FTS syntax', () => {
    const word = unique('hostile').replace('-', '');
    const ticket = ticketAbout(`${word} and more`, 'Costs 5 EUR: see "the manual" (page 2) - or not*');
    for (const q of ['"', '*', 'AND', '-', ':', '"unbalanced', 'a OR b', 'NOT x', 'NEAR(a b)', 'subject:x', '^start', '(', ')', "'", '\\', '{x}', 'a + b', '%', '_']) {
      expect(() => listTicketsForAgent({ agent: admin, q })).not.toThrow();
    }
    expect(found(`"${word}"`)).toEqual([ticket.id]);
    expect(found(`${word}*`)).toEqual([ticket.id]);
    expect(found(`-${word}`)).toEqual([ticket.id]);
    expect(found(`${word} AND`)).toEqual([ticket.id]);
    expect(found(`${word} "the manual"`)).toEqual([ticket.id]);
    expect(found(`${word} NOT`)).toEqual([ticket.id]);
    // Punctuation alone looks for nothing and finds nothing.
    expect(listTicketsForAgent({ agent: admin, q: '"*-:' })).toMatchObject({ tickets: [], total: 0, totalCapped: false });
  });

  it('sends number-shaped queries to the ticket number only', () => {
    const target = newTicket();
    const mentions = ticketAbout('Follow-up', `See ticket ${target.number} and PAR-${target.number}`);
    for (const q of [String(target.number), `#${target.number}`, `PAR-${target.number}`, `par-${target.number}`]) {
      expect(found(q)).toEqual([target.id]);
    }
    setSettings({ ticketPrefix: '', ticketSuffix: '-X' });
    expect(found(`${target.number}-x`)).toEqual([target.id]);
    // A number with words: that ticket, if the words are in it.
    expect(found(`${target.number} follow`)).toEqual([]);
    expect(found(`${mentions.number} follow`)).toEqual([mentions.id]);
  });

  it('keeps restricted agents to their own and unassigned tickets', () => {
    const word = unique('restricted').replace('-', '');
    const mine = ticketAbout(`${word} mine`);
    const theirs = ticketAbout(`${word} theirs`);
    const open = ticketAbout(`${word} unassigned`);
    updateTicket({ ticketId: mine.id, agent: admin, input: { assigneeId: agent.id } });
    updateTicket({ ticketId: theirs.id, agent: admin, input: { assigneeId: other.id } });
    setSettings({ restrictAgentsToAssigned: true });
    expect(found(word, agent).sort()).toEqual([mine.id, open.id].sort());
    expect(found(String(theirs.number), agent)).toEqual([]);
    expect(found(word, admin).sort()).toEqual([mine.id, theirs.id, open.id].sort());
    expect(listTicketsForAgent({ agent, q: word, assignee: 'mine' }).tickets.map((t) => t.id)).toEqual([mine.id]);
  });

  it('keeps the index in step when a subject changes', () => {
    const before = unique('beforename').replace('-', '');
    const after = unique('aftername').replace('-', '');
    const ticket = ticketAbout(before);
    getDb().update(tickets).set({ subject: after }).where(eq(tickets.id, ticket.id)).run();
    expect(found(before)).toEqual([]);
    expect(found(after)).toEqual([ticket.id]);
  });

  it('counts matches up to the cap, and further only as far as the page asked for', () => {
    const word = unique('capword').replace('-', '');
    const customerId = newTicket().customerId;
    const insert = getSqlite().prepare(
      "insert into tickets (number, subject, status, customer_id, link_version, created_at, updated_at, last_activity_at) values ((select max(number) + 1 from tickets), ?, 'open', ?, 1, ?, ?, ?)",
    );
    getSqlite().transaction(() => {
      for (let i = 0; i < COUNT_CAP + 1; i++) insert.run(`${word} ${i}`, customerId, i, i, i);
    })();
    const first = listTicketsForAgent({ agent: admin, q: word });
    expect(first).toMatchObject({ total: COUNT_CAP, totalCapped: true, page: 1 });
    expect(first.tickets).toHaveLength(25);
    expect(first.tickets[0].subject).toBe(`${word} ${COUNT_CAP}`);
    const beyond = listTicketsForAgent({ agent: admin, q: word, page: 41 });
    expect(beyond).toMatchObject({ total: COUNT_CAP + 1, totalCapped: false });
    expect(beyond.tickets.map((t) => t.subject)).toEqual([`${word} 0`]);
    // The plain list is counted the same way.
    expect(listTicketsForAgent({ agent: admin })).toMatchObject({ total: COUNT_CAP, totalCapped: true });
  });
});

describe('finding people', () => {
  it('finds the tickets of a customer by name or email, whole or its start', () => {
    const family = unique('Quenby').replace('-', '');
    const email = `${family.toLowerCase()}@people-search.test`;
    const ticket = newTicket({ name: `Carol ${family}`, email });
    expect(found(email)).toEqual([ticket.id]);
    expect(found(family)).toEqual([ticket.id]);
    expect(found(`carol ${family.slice(0, 6)}`)).toEqual([ticket.id]);
    expect(found(email.slice(0, email.indexOf('@') + 4))).toEqual([ticket.id]);
  });

  it('finds the tickets a participant is on, and stops once they are removed', () => {
    setSettings({ participantsEnabled: true });
    const email = `${unique('frank').replace('-', '')}@outside-vendor.test`;
    const ticket = newTicket();
    const other = newTicket();
    const frank = addParticipant({ ticketId: ticket.id, agent: admin, input: { email, name: 'Frank Lindqvist' } });
    expect(found(email)).toEqual([ticket.id]);
    expect(found(`Lindqvist ${email.split('@')[0]}`)).toEqual([ticket.id]);
    expect(found(email)).not.toContain(other.id);
    removeParticipant({ ticketId: ticket.id, participantId: frank.id, agent: admin });
    expect(found(email)).toEqual([]);
  });

  it('finds the tickets of a company’s customers by the company’s name, renames included', () => {
    const company = unique('Globex').replace('-', '');
    const first = newTicket({ company });
    const second = newTicket({ company });
    expect(found(company).sort()).toEqual([first.id, second.id].sort());
    const renamed = `${company}x`;
    getDb().update(companies).set({ name: renamed }).where(eq(companies.id, customerOf(first.customerId).companyId!)).run();
    expect(found(renamed).sort()).toEqual([first.id, second.id].sort());
  });

  it('needs every word somewhere in the ticket: a person’s name and a word of the conversation', () => {
    const family = unique('Miller').replace('-', '');
    const word = unique('toner').replace('-', '');
    const mine = ticketAbout(`Out of ${word}`);
    getDb().update(customers).set({ name: `Mia ${family}` }).where(eq(customers.id, mine.customerId)).run();
    const theirs = newTicket({ name: `Max ${family}` });
    expect(found(family).sort()).toEqual([mine.id, theirs.id].sort());
    expect(found(`${family} ${word}`)).toEqual([mine.id]);
  });

  it('keeps restricted agents to the tickets they may see', () => {
    const email = `${unique('hidden').replace('-', '')}@people-search.test`;
    const ticket = newTicket({ email });
    updateTicket({ ticketId: ticket.id, agent: admin, input: { assigneeId: other.id } });
    setSettings({ restrictAgentsToAssigned: true });
    expect(found(email, agent)).toEqual([]);
    expect(found(email, other)).toEqual([ticket.id]);
  });
});

describe('looking only as deep as needed', () => {
  it('reads the newest matches first and says when it stopped before the end', () => {
    const word = unique('depthword').replace('-', '');
    const [oldest, middle, newest] = [ticketAbout('One', `${word} one`), ticketAbout('Two', `${word} two`), ticketAbout('Three', `${word} three`)];
    const deep = findTicketsMatching([`"${word}"`], undefined, 10);
    expect(deep.ids.sort()).toEqual([oldest.id, middle.id, newest.id].sort());
    expect(deep.complete).toBe(true);
    // Two tickets deep: the two whose matches are newest, and the answer says more may exist.
    expect(findTicketsMatching([`"${word}"`], undefined, 3).complete).toBe(true);
    const shallow = findTicketsMatching([`"${word}"`], undefined, 2);
    expect(shallow.ids.sort()).toEqual([middle.id, newest.id].sort());
    expect(shallow.complete).toBe(false);
    // Several replies of one ticket count as one ticket.
    addAgentReply({ ticketId: newest.id, agent: admin, message: `${word} again` });
    addAgentReply({ ticketId: newest.id, agent: admin, message: `${word} and again` });
    expect(findTicketsMatching([`"${word}"`], undefined, 2).ids.sort()).toEqual([middle.id, newest.id].sort());
  });

  it('marks the count as a lower bound when a common word was not read to the end', () => {
    const word = unique('boundword').replace('-', '');
    const rare = unique('rareword').replace('-', '');
    const customerId = newTicket().customerId;
    const insert = getSqlite().prepare(
      "insert into tickets (number, subject, status, customer_id, link_version, created_at, updated_at, last_activity_at) values ((select max(number) + 1 from tickets), ?, 'open', ?, 1, ?, ?, ?)",
    );
    // The oldest ticket has both words; COUNT_CAP newer ones have only the common word.
    getSqlite().transaction(() => {
      for (let i = 0; i <= COUNT_CAP + 1; i++) insert.run(i === 0 ? `${word} ${rare}` : `${word} ${i}`, customerId, i, i, i);
    })();
    const both = listTicketsForAgent({ agent: admin, q: `${word} ${rare}` });
    expect(both).toMatchObject({ total: 0, totalCapped: true });
    // Named by number, the old ticket is checked whole, however deep its match lies.
    const old = getSqlite().prepare('select id, number from tickets where subject = ?').get(`${word} ${rare}`) as { id: number; number: number };
    const byNumber = listTicketsForAgent({ agent: admin, q: `${old.number} ${rare}` });
    expect(byNumber).toMatchObject({ total: 1, totalCapped: false });
    expect(byNumber.tickets.map((t) => t.id)).toEqual([old.id]);
  });

  it('expands the last word into the longer words the index holds, however many documents match', () => {
    const stem = unique('stem').replace(/[^a-z0-9]/gi, '');
    const [exact, plural, longer, other] = [
      ticketAbout('Exact', `the ${stem} broke`),
      ticketAbout('Plural', `both ${stem}s broke`),
      ticketAbout('Longer', `${stem}ified broke`),
      ticketAbout('Other', `not a ${stem.slice(0, -1)}x here`),
    ];
    expect(found(stem).sort()).toEqual([exact.id, plural.id, longer.id].sort());
    expect(found(`${stem.slice(0, -1)}`).sort()).toEqual([exact.id, plural.id, longer.id, other.id].sort());
    expect(found(`broke ${stem}s`)).toEqual([plural.id]);
    // Upper case is folded as the index folds it.
    expect(found(stem.toUpperCase()).sort()).toEqual([exact.id, plural.id, longer.id].sort());
  });

  it('falls back to a prefix query when a word start has many longer words, or letters beyond ASCII', () => {
    const stem = unique('many').replace(/[^a-z0-9]/gi, '');
    const ticketsWithVariants = Array.from({ length: 25 }, (_, i) => ticketAbout('Variant', `${stem}${String.fromCharCode(97 + i)}x`));
    expect(found(stem).sort()).toEqual(ticketsWithVariants.map((t) => t.id).sort());
    const accented = ticketAbout('Accent', `${unique('Crème').replace('-', '')}brûlée`);
    expect(found('creme')).toContain(accented.id);
    expect(found('crème')).toContain(accented.id);
  });
});

describe('customer search', () => {
  it('finds customers by name, by any part of their email (the last word a prefix) and by company', () => {
    const tag = unique('custtag').replace('-', '');
    const ann = newCustomer({ name: `Ann ${tag}`, email: `ann.${tag}@example.test` });
    const bob = newCustomer({ name: 'Bob Builder', email: `bob@${tag}.test`, company: `Initech ${tag}` });
    const ids = (q: string) => listCustomers({ q }).customers.map((c) => c.id);
    expect(ids(tag).sort()).toEqual([ann.id, bob.id].sort());
    expect(ids(`ann ${tag.slice(0, 5)}`)).toEqual([ann.id]);
    expect(ids(`bob@${tag}`)).toEqual([bob.id]);
    expect(ids(`Initech ${tag}`)).toEqual([bob.id]);
    for (const q of ['"', '*', 'AND', '-', ':', '%', '_', 'a OR b']) expect(() => listCustomers({ q })).not.toThrow();
    expect(listCustomers({ q: '"*' })).toMatchObject({ customers: [], total: 0 });
  });

  it('follows renames', () => {
    const before = unique('oldname').replace('-', '');
    const after = unique('newname').replace('-', '');
    const customer = newCustomer({ name: before });
    updateCustomer({ id: customer.id, email: customer.email, name: after }, admin);
    expect(listCustomers({ q: before }).customers).toEqual([]);
    expect(listCustomers({ q: after }).customers.map((c) => c.id)).toEqual([customer.id]);
    expect(getDb().select().from(customers).where(eq(customers.id, customer.id)).get()?.name).toBe(after);
  });
});

describe('upgrading an existing database', () => {
  it('fills the search index from the rows already there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-upgrade-'));
    // The migrations as they were before search: everything up to the search index.
    const oldFolder = path.join(dir, 'migrations');
    fs.cpSync(migrationsFolder, oldFolder, { recursive: true });
    const journalFile = path.join(oldFolder, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const searchIndex = journal.entries.findIndex((entry) => entry.tag.endsWith('_search_index'));
    expect(searchIndex).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, searchIndex);
    fs.writeFileSync(journalFile, JSON.stringify(journal));

    const sqlite = new Database(path.join(dir, 'old.db'));
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: oldFolder });
    sqlite.exec(`
      insert into companies (name, created_at) values ('Initrode', 0);
      insert into customers (email, name, company_id, created_at) values ('old@customer.test', 'Olga Oldtimer', 1, 0);
      insert into tickets (number, subject, status, customer_id, link_version, created_at, updated_at, last_activity_at)
        values (1001, 'Legacy flux capacitor', 'open', 1, 1, 0, 0, 0);
      insert into replies (ticket_id, body, author_kind, author_email, author_name, source, created_at)
        values (1, 'It needs plutonium', 'customer', 'old@customer.test', 'Olga', 'web', 0);
      insert into participants (ticket_id, email, name, created_at) values (1, 'pauline@partner.test', 'Pauline', 0);
    `);
    migrate(db, { migrationsFolder });
    const match = (table: string, q: string) => sqlite.prepare(`select rowid from ${table} where ${table} match ?`).all(q);
    expect(match('ticket_subject_fts', 'capacitor')).toEqual([{ rowid: 1 }]);
    expect(match('reply_fts', 'plutonium')).toEqual([{ rowid: 1 }]);
    expect(match('customer_fts', 'oldtimer')).toEqual([{ rowid: 1 }]);
    expect(match('participant_fts', 'pauline')).toEqual([{ rowid: 1 }]);
    expect(match('company_fts', 'initrode')).toEqual([{ rowid: 1 }]);
    sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@/db/schema';
import { createAgent } from '@/lib/auth/agents';
import { updateSettings } from '@/lib/auth/admin-settings';
import { getSqlite } from '@/lib/core/db';
import { ticketCsvHeader, ticketListCsv, reportCsv } from '@/lib/web/csv-exports';
import { appErrorFrom } from '@/tests/support/helpers';

// Ticket list exports: every matching row (past the export's 500-row batches), in the list's order, filtered as the
// list is and limited to what the agent may see.

let admin: Agent;
let bo: Agent;
const TICKETS = 1_203;

beforeAll(async () => {
  admin = await createAgent({ email: 'csv-admin@example.com', name: 'Ada', password: 'password-1', role: 'admin' }, { kind: 'system' });
  bo = await createAgent({ email: 'csv-bo@example.com', name: 'Bo', password: 'password-2' }, { kind: 'system' });
  const sqlite = getSqlite();
  sqlite.prepare("insert into customers (id, email, name, created_at) values (1, 'pat@example.test', 'Pat, \"the\" customer', 0)").run();
  sqlite.prepare("insert into tags (id, name, created_at) values (1, 'billing', 0)").run();
  const insert = sqlite.prepare(
    "insert into tickets (id, number, subject, status, customer_id, assignee_id, created_at, updated_at, last_activity_at) values (?, ?, ?, ?, 1, ?, ?, ?, ?)",
  );
  sqlite.transaction(() => {
    for (let id = 1; id <= TICKETS; id++) {
      const subject = id === 7 ? '=HYPERLINK("http://evil.test")' : `Ticket ${id}`;
      // Ten tickets share each activity time: batches must continue past ties without losing or repeating one.
      const time = Math.floor(id / 10) * 1000;
      insert.run(id, 1000 + id, subject, id % 3 === 0 ? 'closed' : 'open', id % 2 === 0 ? bo.id : null, time, time, time);
    }
    sqlite.prepare('insert into ticket_tags (tag_id, ticket_id) values (1, 7), (1, 8)').run();
  })();
});

async function rowsOf(response: Response): Promise<string[]> {
  // response.text() would drop the byte-order mark; decode it as a spreadsheet program sees it.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text.slice(1).split('\r\n').filter(Boolean);
}

describe('ticket list CSV', () => {
  it('has the header and every ticket, newest activity first, not just one page', async () => {
    const rows = await rowsOf(ticketListCsv(admin, {}));
    expect(rows[0]).toBe(ticketCsvHeader.join(','));
    expect(rows).toHaveLength(TICKETS + 1);
    expect(rows[1].startsWith(`PAR-${1000 + TICKETS},Ticket ${TICKETS},`)).toBe(true);
    expect(rows.at(-1)!.startsWith('PAR-1001,Ticket 1,Open,Normal,,"Pat, ""the"" customer",pat@example.test,,,0,')).toBe(true);
  });

  it('walks every list order across its batches, each ticket once', async () => {
    for (const sort of ['activity', 'created', 'priority'] as const) {
      const numbers = (await rowsOf(ticketListCsv(admin, { sort }))).slice(1).map((row) => row.split(',')[0]);
      expect(numbers).toHaveLength(TICKETS);
      expect(new Set(numbers).size).toBe(TICKETS);
    }
    // Only tickets with a target running are in the due list: none here.
    expect(await rowsOf(ticketListCsv(admin, { sort: 'due' }))).toHaveLength(1);
  });

  it('applies the list filters and neutralises formulas', async () => {
    const tagged = await rowsOf(ticketListCsv(admin, { tag: 'billing' }));
    expect(tagged.slice(1).map((row) => row.split(',')[0])).toEqual(['PAR-1008', 'PAR-1007']);
    expect(tagged[2]).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    const closed = await rowsOf(ticketListCsv(admin, { status: 'closed' }));
    expect(closed).toHaveLength(Math.floor(TICKETS / 3) + 1);
    expect(closed.slice(1).every((row) => row.split(',')[2] === 'Closed')).toBe(true);
    const mine = await rowsOf(ticketListCsv(bo, { assignee: 'mine' }));
    expect(mine).toHaveLength(Math.floor(TICKETS / 2) + 1);
  });

  it('holds only the tickets a restricted agent may see', async () => {
    updateSettings({ agent: admin, input: { restrictAgentsToAssigned: true } });
    try {
      const other = await createAgent({ email: 'csv-cy@example.com', name: 'Cy', password: 'password-3' }, { kind: 'system' });
      // Bo's tickets are the even ones: Cy sees only the unassigned, odd ones.
      const rows = await rowsOf(ticketListCsv(other, {}));
      expect(rows).toHaveLength(Math.ceil(TICKETS / 2) + 1);
    } finally {
      updateSettings({ agent: admin, input: { restrictAgentsToAssigned: false } });
    }
  });

  it('refuses an unknown tag before sending anything', async () => {
    expect((await appErrorFrom(() => ticketListCsv(admin, { tag: 'nope' }))).fields).toEqual({ tag: 'is not a known tag' });
  });
});

describe('report CSV', () => {
  it('writes the named report as its table and refuses an unknown report', async () => {
    const rows = await rowsOf(reportCsv(admin, { report: 'busiest-agents', from: '1970-01-01', to: '1970-01-01' }));
    expect(rows).toEqual(['Agent,Tickets created,Of them closed']);
    const volume = await rowsOf(reportCsv(admin, { report: 'volume', from: '2026-12-01', to: '2026-12-03' }));
    expect(volume).toEqual(['Day,Created,Closed,Still open at the end', '2026-12-01,0,0,0', '2026-12-02,0,0,0', '2026-12-03,0,0,0']);
    expect((await appErrorFrom(() => reportCsv(admin, { report: 'nope' }))).fields?.report).toMatch(/^must be one of volume, /);
  });
});

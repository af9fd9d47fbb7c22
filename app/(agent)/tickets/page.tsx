import type { Metadata } from 'next';
import Link from 'next/link';
import { DateTime } from '@/app/_components/date-time';
import { StatusBadge } from '@/app/_components/ticket-badges';
import { Badge, Button, ButtonLink, Card, PageHeader, Pagination, SelectField, Table, Td, TextField } from '@/app/_components/ui';
import { ticketStatuses } from '@/db/schema';
import { countLabel, listHref } from '@/lib/pagination';
import { requireAgent } from '@/lib/session';
import { getSettings } from '@/lib/settings';
import { formatTicketNumber } from '@/lib/ticket-numbers';
import { listTicketsForAgent, ticketListQuerySchema } from '@/lib/tickets';

export const metadata: Metadata = { title: 'Tickets' };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const agent = await requireAgent();
  const query = ticketListQuerySchema.parse(await searchParams);
  const q = query.q.trim();
  const { tickets, total, totalCapped, page, pageSize } = listTicketsForAgent({ agent, ...query, q });
  const settings = getSettings();
  const { participantsEnabled } = settings;
  const example = formatTicketNumber(settings.ticketNumberStart, settings);
  const filtered = Boolean(q || query.status || query.assignee !== 'any');
  return (
    <>
      <PageHeader title="Tickets">
        <ButtonLink href="/tickets/new">New ticket</ButtonLink>
      </PageHeader>
      <form role="search" method="get" className="flex flex-wrap items-end gap-3">
        <SelectField label="Status" name="status" defaultValue={query.status ?? ''}>
          <option value="">All</option>
          {ticketStatuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </SelectField>
        <SelectField label="Assignee" name="assignee" defaultValue={query.assignee}>
          <option value="any">Anyone</option>
          <option value="mine">Mine</option>
          <option value="unassigned">Unassigned</option>
        </SelectField>
        <div className="w-full max-w-sm">
          <TextField label="Search tickets" name="q" type="search" defaultValue={q} aria-describedby="ticket-search-hint" />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      <p id="ticket-search-hint" className="mb-4 mt-1 text-xs text-slate-500">
        Search by number ({settings.ticketNumberStart}, #{settings.ticketNumberStart}, {example}) or by words from the subject, replies and
        notes; the last word may be the start of a word. The most recent matches are shown.
      </p>
      <Card className="overflow-x-auto">
        <p className="mb-3 text-sm text-slate-600" role="status">
          {countLabel({ total, totalCapped }, 'ticket')}
          {filtered ? ' match' : ''}
        </p>
        <Table
          columns={['Number', 'Subject', 'Customer', 'Status', 'Assignee', ...(participantsEnabled ? ['Participants'] : []), 'Last activity']}
          empty={tickets.length === 0 && (filtered ? 'No tickets match these filters.' : 'No tickets yet.')}
        >
          {tickets.map((ticket) => (
            <tr key={ticket.id}>
              <Td className="whitespace-nowrap font-mono text-slate-700">{ticket.displayNumber}</Td>
              <Td>
                <Link href={`/tickets/${ticket.id}`} className="font-medium text-indigo-700 hover:underline">
                  {ticket.subject}
                </Link>
              </Td>
              <Td>
                <span className="block">{ticket.customerName}</span>
                <span className="block text-xs text-slate-500">{ticket.customerEmail}</span>
              </Td>
              <Td>
                <StatusBadge status={ticket.status} />
              </Td>
              <Td>{ticket.assigneeName ?? <span className="text-slate-500">Unassigned</span>}</Td>
              {participantsEnabled ? (
                <Td>
                  {ticket.participantCount > 0 ? (
                    <Badge tone="amber">{plural(ticket.participantCount, 'participant')}</Badge>
                  ) : (
                    <span className="text-slate-500">None</span>
                  )}
                </Td>
              ) : null}
              <Td className="whitespace-nowrap text-slate-700">
                <DateTime value={ticket.lastActivityAt} />
              </Td>
            </tr>
          ))}
        </Table>
      </Card>
      <Pagination
        page={page}
        total={total}
        totalCapped={totalCapped}
        pageSize={pageSize}
        hrefFor={(p) => listHref('/tickets', { status: query.status, assignee: query.assignee === 'any' ? undefined : query.assignee, q, page: p })}
      />
    </>
  );
}

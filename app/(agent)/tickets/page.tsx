import type { Metadata } from 'next';
import Link from 'next/link';
import { DateTime } from '@/app/_components/date-time';
import { StatusBadge } from '@/app/_components/ticket-badges';
import { Badge, ButtonLink, Card, PageHeader, Pagination, Table, Td } from '@/app/_components/ui';
import { ticketListVersion } from '@/lib/tickets/live';
import { countLabel, listHref } from '@/lib/web/pagination';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { formatTicketNumber } from '@/lib/tickets/numbers';
import { listTicketsForAgent, ticketListQuerySchema } from '@/lib/tickets/tickets';
import { LiveTicketList } from './live-ticket-list';
import { TicketFilters } from './ticket-filters';

export const metadata: Metadata = { title: 'Tickets' };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const narrowHidden = 'hidden md:table-cell';

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
      <TicketFilters status={query.status ?? ''} assignee={query.assignee} q={q} hintId="ticket-search-hint" />
      <LiveTicketList version={ticketListVersion(agent.id)} />
      <p id="ticket-search-hint" className="mb-4 mt-1 text-xs text-slate-500">
        Search by number ({settings.ticketNumberStart}, #{settings.ticketNumberStart}, {example}) or by words from the subject, replies and
        notes; the last word may be the start of a word. The most recent matches are shown.
      </p>
      <Card className="overflow-x-auto">
        <p className="mb-3 text-sm text-slate-600" role="status">
          {countLabel({ total, totalCapped }, 'ticket')}
          {filtered ? ' match' : ''}
        </p>
        {/* Below `md` the table keeps subject and status; number, customer and activity move under the subject. */}
        <Table
          columns={[
            { label: 'Number', className: narrowHidden },
            'Subject',
            { label: 'Customer', className: narrowHidden },
            'Status',
            { label: 'Assignee', className: narrowHidden },
            ...(participantsEnabled ? [{ label: 'Participants', className: narrowHidden }] : []),
            { label: 'Last activity', className: narrowHidden },
          ]}
          empty={tickets.length === 0 && (filtered ? 'No tickets match these filters.' : 'No tickets yet.')}
        >
          {tickets.map((ticket) => (
            <tr key={ticket.id}>
              <Td className={`whitespace-nowrap font-mono text-slate-700 ${narrowHidden}`}>{ticket.displayNumber}</Td>
              <Td className="break-words">
                <Link href={`/tickets/${ticket.id}`} className="font-medium text-indigo-700 hover:underline">
                  {ticket.subject}
                </Link>
                <span className="block text-xs text-slate-500 md:hidden">
                  <span className="font-mono">{ticket.displayNumber}</span> · {ticket.customerName} · <DateTime value={ticket.lastActivityAt} />
                </span>
              </Td>
              <Td className={narrowHidden}>
                <span className="block">{ticket.customerName}</span>
                <span className="block text-xs text-slate-500">{ticket.customerEmail}</span>
              </Td>
              <Td>
                <StatusBadge status={ticket.status} />
              </Td>
              <Td className={narrowHidden}>{ticket.assigneeName ?? <span className="text-slate-500">Unassigned</span>}</Td>
              {participantsEnabled ? (
                <Td className={narrowHidden}>
                  {ticket.participantCount > 0 ? (
                    <Badge tone="amber">{plural(ticket.participantCount, 'participant')}</Badge>
                  ) : (
                    <span className="text-slate-500">None</span>
                  )}
                </Td>
              ) : null}
              <Td className={`whitespace-nowrap text-slate-700 ${narrowHidden}`}>
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

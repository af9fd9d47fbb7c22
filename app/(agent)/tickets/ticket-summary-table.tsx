import Link from 'next/link';
import { DateTime } from '@/app/_components/date-time';
import { StatusBadge } from '@/app/_components/ticket-badges';
import { Pagination, Table, Td } from '@/app/_components/ui';
import type { TicketListItem } from '@/lib/tickets/tickets';

/** A short ticket list for customer and company pages: subject, status and last activity, newest first. */
export function TicketSummaryTable({
  caption,
  result,
  showCustomer,
  empty,
  hrefFor,
}: {
  caption: string;
  result: { tickets: TicketListItem[]; total: number; totalCapped: boolean; page: number; pageSize: number };
  showCustomer: boolean;
  empty: string;
  hrefFor: (page: number) => string;
}) {
  return (
    <>
      <Table
        caption={caption}
        columns={['Ticket', ...(showCustomer ? [{ label: 'Customer', className: 'hidden sm:table-cell' }] : []), 'Status', 'Last activity']}
        empty={result.tickets.length === 0 && empty}
      >
        {result.tickets.map((ticket) => (
          <tr key={ticket.id}>
            <Td className="break-words">
              <span className="block font-mono text-xs text-slate-500">{ticket.displayNumber}</span>
              <Link href={`/tickets/${ticket.id}`} className="font-medium text-indigo-700 hover:underline">
                {ticket.subject}
              </Link>
            </Td>
            {showCustomer ? (
              <Td className="hidden sm:table-cell">
                <Link href={`/customers/${ticket.customerId}`} className="hover:underline">
                  {ticket.customerName}
                </Link>
              </Td>
            ) : null}
            <Td>
              <StatusBadge status={ticket.status} reopenedAt={ticket.reopenedAt} mergedInto={ticket.mergedIntoNumber} />
            </Td>
            <Td className="text-slate-700">
              <DateTime value={ticket.lastActivityAt} />
            </Td>
          </tr>
        ))}
      </Table>
      <Pagination page={result.page} total={result.total} totalCapped={result.totalCapped} pageSize={result.pageSize} hrefFor={hrefFor} />
    </>
  );
}

import Link from 'next/link';
import type { HistoryLine } from '@/lib/tickets/history';
import { DateTime } from '@/app/_components/date-time';

/** On a merged ticket's page: where its conversation went. The ticket is closed and read-only. */
export function MergedNotice({ into, at }: { into: { id: number; displayNumber: string; subject: string } | null; at: Date | null }) {
  return (
    <div role="note" aria-label="Merged ticket" className="mb-4 rounded-md border border-slate-300 bg-slate-50 p-4 text-sm text-slate-800">
      <p>
        <strong>This ticket was merged into </strong>
        {into ? (
          <Link href={`/tickets/${into.id}`} className="font-medium text-indigo-700 underline">
            {into.displayNumber} {into.subject}
          </Link>
        ) : (
          'another ticket'
        )}
        {at ? (
          <>
            {' '}
            on <DateTime value={at} />
          </>
        ) : null}
        . It is closed and read-only: its replies, notes, files and people are on {into?.displayNumber ?? 'that ticket'} now.
      </p>
    </div>
  );
}

/** One line of a ticket's history: merges and splits link to the other ticket; lines of a merged ticket say which. */
export function HistoryText({ line }: { line: HistoryLine }) {
  return (
    <>
      {line.fromTicket ? <span className="mr-1 text-xs text-slate-500">From {line.fromTicket}:</span> : null}
      {line.text}
      {line.link ? (
        <>
          {' '}
          <Link href={line.link.href} className="text-indigo-700 underline">
            {line.link.label}
          </Link>
        </>
      ) : null}
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { DateTime } from '@/app/_components/date-time';
import { PriorityBadge, StatusBadge, TagList } from '@/app/_components/ticket-badges';
import { Badge, ButtonLink, Card, ErrorAlert, PageHeader, Pagination, Table, Td } from '@/app/_components/ui';
import { AppError } from '@/lib/core/errors';
import { listTagNames } from '@/lib/tickets/tags';
import { DueLabel } from '@/app/_components/service-levels';
import { canDeleteSavedView } from '@/lib/auth/policy';
import { countSavedViews, getSavedViewForAgent, listSavedViews } from '@/lib/tickets/views';
import { DeleteViewForm, SaveViewForm } from './view-forms';
import { ticketListVersion } from '@/lib/tickets/live';
import { countLabel, listHref } from '@/lib/web/pagination';
import { requireAgent } from '@/lib/auth/session';
import { getSettings } from '@/lib/core/settings';
import { formatTicketNumber } from '@/lib/tickets/numbers';
import { listTicketsForAgent, ticketListQuerySchema } from '@/lib/tickets/tickets';
import { LiveTicketList } from './live-ticket-list';
import { listParams, positionOf, ticketInListHref } from '@/lib/tickets/list-navigation';
import { TicketFilters } from './ticket-filters';

export const metadata: Metadata = { title: 'Tickets' };

/** The list's "Download CSV": every ticket of these filters (a saved view's included), not only this page. */
function exportHref(query: ReturnType<typeof ticketListQuerySchema.parse>): string {
  const { page: _page, ...filters } = query;
  const params = Object.entries(filters).flatMap(([key, value]) => (value === undefined || value === '' ? [] : [[key, String(value)]]));
  return `/tickets/export?${new URLSearchParams(params)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const narrowHidden = 'hidden md:table-cell';

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const agent = await requireAgent();
  const params = await searchParams;
  // `?view=12` opens a saved view: its filters, whoever it is shared with (a shareable address).
  const { view, problem: viewProblem } = openView(agent, params.view);
  const query = ticketListQuerySchema.parse(view ? { ...view.query, page: params.page } : params);
  const q = query.q.trim();
  const { list, problem: listProblem } = listOrProblem(() => listTicketsForAgent({ agent, ...query, q }));
  const problem = viewProblem ?? listProblem;
  const views = listSavedViews(agent);
  const viewCounts = countSavedViews(agent, views);
  const { tickets, total, totalCapped, page, pageSize } = list;
  const settings = getSettings();
  const { participantsEnabled } = settings;
  const example = formatTicketNumber(settings.ticketNumberStart, settings);
  const filtered = Boolean(q || query.status || query.assignee !== 'any' || query.priority || query.tag || query.sort === 'due');
  const now = Date.now();
  // Each row's link carries this list and the row's place in it, so the ticket page's "Next ticket" follows this list.
  const carriedList = view ? listParams({}, view.id) : listParams(query);
  return (
    <>
      <PageHeader title={view ? `Tickets: ${view.name}` : 'Tickets'}>
        <a
          href={exportHref(query)}
          download
          className="inline-flex items-center rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Download CSV
        </a>
        <ButtonLink href="/tickets/new">New ticket</ButtonLink>
      </PageHeader>
      {views.length > 0 ? (
        <nav aria-label="Saved views" className="mb-4">
          <ul className="flex flex-wrap gap-2 text-sm">
            {views.map((saved) => {
              const count = viewCounts.get(saved.id);
              return (
                <li key={saved.id}>
                  <Link
                    href={`/tickets?view=${saved.id}`}
                    aria-current={saved.id === view?.id ? 'page' : undefined}
                    className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 ${saved.id === view?.id ? 'border-indigo-600 bg-indigo-50 font-medium text-indigo-800' : 'border-slate-300 text-slate-800 hover:border-indigo-400'}`}
                  >
                    {saved.name}
                    {saved.shared ? <span className="text-xs text-slate-500">shared</span> : null}
                    <span className="rounded-full bg-slate-100 px-1.5 text-xs text-slate-700">{count ? `${count.total}${count.capped ? '+' : ''}` : '–'}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      ) : null}
      <TicketFilters
        status={query.status ?? ''}
        assignee={query.assignee}
        priority={query.priority ?? ''}
        tag={query.tag ?? ''}
        allTags={listTagNames()}
        sort={query.sort}
        q={q}
        hintId="ticket-search-hint"
      />
      <LiveTicketList version={ticketListVersion(agent.id)} />
      <div className="mt-3 flex flex-wrap items-end justify-between gap-3">
        <SaveViewForm
          query={{ status: query.status ?? '', assignee: query.assignee, priority: query.priority ?? '', tag: query.tag ?? '', q, sort: query.sort }}
        />
        {view && canDeleteSavedView(agent, view) ? <DeleteViewForm id={view.id} name={view.name} /> : null}
      </div>
      <p id="ticket-search-hint" className="mb-4 mt-1 text-xs text-slate-500">
        Search by number ({settings.ticketNumberStart}, #{settings.ticketNumberStart}, {example}) or by words from the subject, replies and
        notes; the last word may be the start of a word; <code>tag:billing</code> keeps tickets with that tag. The most recent matches are shown.
      </p>
      <Card className="overflow-x-auto">
        <ErrorAlert message={problem} />
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
                <Link href={ticketInListHref(ticket.id, carriedList, positionOf(ticket, query.sort))} className="font-medium text-indigo-700 hover:underline">
                  {ticket.subject}
                </Link>
                <span className="mt-1 flex flex-wrap items-center gap-2">
                  {ticket.priority === 'normal' ? null : <PriorityBadge priority={ticket.priority} />}
                  <TagList tags={ticket.tags} label={`Tags of ${ticket.displayNumber}`} />
                  {ticket.slaDueAt ? <DueLabel dueAt={ticket.slaDueAt} now={now} /> : null}
                </span>
                <span className="block text-xs text-slate-500 md:hidden">
                  <span className="font-mono">{ticket.displayNumber}</span> · {ticket.customerName} · <DateTime value={ticket.lastActivityAt} />
                </span>
              </Td>
              <Td className={narrowHidden}>
                <span className="block">{ticket.customerName}</span>
                <span className="block text-xs text-slate-500">{ticket.customerEmail}</span>
              </Td>
              <Td>
                <StatusBadge status={ticket.status} reopenedAt={ticket.reopenedAt} mergedInto={ticket.mergedIntoNumber} />
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
        hrefFor={(p) =>
          listHref('/tickets', {
            status: query.status,
            assignee: query.assignee === 'any' ? undefined : query.assignee,
            priority: query.priority,
            tag: query.tag,
            sort: query.sort === 'activity' ? undefined : query.sort,
            q,
            page: p,
          })
        }
      />
    </>
  );
}

const emptyList = { tickets: [], total: 0, totalCapped: false, page: 1, pageSize: 25 };

/** The list, or the sentence saying why its filters name nothing (a tag deleted since the link was made). */
function listOrProblem(load: () => ReturnType<typeof listTicketsForAgent>) {
  try {
    return { list: load(), problem: null };
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') return { list: emptyList, problem: error.message };
    throw error;
  }
}

/** The saved view `?view=` names, or why it cannot be opened (deleted, or another agent's and not shared). */
function openView(agent: Awaited<ReturnType<typeof requireAgent>>, param: string | string[] | undefined) {
  if (param === undefined) return { view: null, problem: null };
  const id = Number(param);
  try {
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'View not found.');
    return { view: getSavedViewForAgent({ id, agent }), problem: null };
  } catch (error) {
    if (error instanceof AppError) return { view: null, problem: error.code === 'not_found' ? 'That view no longer exists.' : error.message };
    throw error;
  }
}

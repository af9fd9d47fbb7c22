import type { Metadata } from 'next';
import Link from 'next/link';
import { DateTime } from '@/app/_components/date-time';
import { ScrollArea } from '@/app/_components/scroll-area';
import { AccessDenied, Badge, Card, PageHeader, Pagination, Table, Td } from '@/app/_components/ui';
import { listInboundMessages, type InboundFilter } from '@/lib/mail/inbound/admin';
import { listHref, parsePage } from '@/lib/web/pagination';
import { canManageSettings } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { AddSenderButton, DismissInboundButton, RetryInboundButton } from './inbound-buttons';

export const metadata: Metadata = { title: 'Inbound mail' };

const statusTones = { pending: 'indigo', applied: 'emerald', refused: 'amber', failed: 'red' } as const;
const sourceLabels = { resend: 'Resend', imap: 'IMAP', pipe: 'Pipe' } as const;

export default async function InboundPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const agent = await requireAgent();
  if (!canManageSettings(agent)) return <AccessDenied />;
  const params = await searchParams;
  const filter: InboundFilter = params.show === 'all' ? 'all' : 'attention';
  const { messages, total, page, pageSize } = listInboundMessages({ agent, filter, page: parsePage(params.page) });
  return (
    <>
      <PageHeader title="Inbound mail" />
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        Every email Parley receives (through Resend, the IMAP mailbox or the pipe command) is kept here. Messages that were refused or
        could not be applied wait for you, with the reason; dismiss one that needs nothing more (it stays under All messages).
      </p>
      <nav aria-label="Filter" className="mb-4 flex gap-4 text-sm">
        <Link href="/admin/inbound" aria-current={filter === 'attention' ? 'page' : undefined} className={filter === 'attention' ? 'font-semibold' : 'text-indigo-700 underline'}>
          Needs attention
        </Link>
        <Link href="/admin/inbound?show=all" aria-current={filter === 'all' ? 'page' : undefined} className={filter === 'all' ? 'font-semibold' : 'text-indigo-700 underline'}>
          All messages
        </Link>
      </nav>
      <Card>
        <ScrollArea label="Inbound messages">
          <Table
            caption={filter === 'all' ? 'Inbound messages, newest first' : 'Refused and failed messages, newest first'}
            columns={['From', 'Subject', 'Status', 'Reason', { label: <span className="sr-only">Actions</span> }, 'Ticket', 'Received']}
            empty={messages.length === 0 && (filter === 'all' ? 'No email received yet.' : 'Nothing needs attention.')}
          >
            {messages.map((message) => {
              const waiting = (message.status === 'refused' || message.status === 'failed') && message.dismissedAt === null;
              const sender = message.fromEmail ?? '(no sender)';
              return (
                <tr key={message.id} className="align-top">
                  <Td className="min-w-[11rem] break-all">{sender}</Td>
                  <Td className="min-w-[12rem]">
                    <Link href={`/admin/inbound/${message.id}`} className="text-indigo-700 underline hover:text-indigo-900">
                      {message.subject || '(no subject)'}
                    </Link>
                    <span className="block text-xs text-slate-500">via {sourceLabels[message.source]}</span>
                  </Td>
                  <Td>
                    <Badge tone={statusTones[message.status]}>{message.status === 'applied' ? (message.outcome ?? 'applied') : message.status}</Badge>
                    {message.dismissedAt ? (
                      <span className="mt-1 block text-xs text-slate-500">
                        Dismissed{message.dismissedBy ? ` by ${message.dismissedBy}` : ''} <DateTime value={message.dismissedAt} />
                      </span>
                    ) : null}
                  </Td>
                  <Td className="min-w-[16rem] max-w-md break-words">{message.reason ?? message.lastError ?? ''}</Td>
                  <Td className="min-w-[10rem]">
                    <div className="flex flex-col items-start gap-2">
                      {message.status === 'refused' && message.ticketId && message.fromEmail ? <AddSenderButton id={message.id} sender={message.fromEmail} /> : null}
                      {message.status === 'failed' ? <RetryInboundButton id={message.id} sender={message.fromEmail ?? 'unknown sender'} /> : null}
                      {waiting ? <DismissInboundButton id={message.id} sender={sender} /> : null}
                    </div>
                  </Td>
                  <Td>
                    {message.ticketId ? (
                      <Link href={`/tickets/${message.ticketId}`} className="text-indigo-700 underline">
                        {message.ticketNumber}
                      </Link>
                    ) : null}
                  </Td>
                  <Td className="whitespace-nowrap">
                    <DateTime value={message.receivedAt} />
                  </Td>
                </tr>
              );
            })}
          </Table>
        </ScrollArea>
        <Pagination page={page} total={total} pageSize={pageSize} hrefFor={(p) => listHref('/admin/inbound', { page: p, ...(filter === 'all' ? { show: 'all' } : {}) })} />
      </Card>
    </>
  );
}

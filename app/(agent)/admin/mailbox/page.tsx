import type { Metadata } from 'next';
import Link from 'next/link';
import { ScrollArea } from '@/app/_components/scroll-area';
import { DateTime } from '@/app/_components/date-time';
import { AccessDenied, Card, PageHeader, Pagination, Table, Td } from '@/app/_components/ui';
import { getEnv } from '@/lib/core/env';
import { listMailboxMessages } from '@/lib/mail/mailbox';
import { listHref, parsePage } from '@/lib/web/pagination';
import { canReadMailbox } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Mailbox' };

export default async function MailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const agent = await requireAgent();
  if (!canReadMailbox(agent)) return <AccessDenied />;
  const { messages, total, totalCapped, page, pageSize } = listMailboxMessages({ agent, page: parsePage((await searchParams).page) });
  return (
    <>
      <PageHeader title="Mailbox" />
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        {getEnv().RESEND_API_KEY
          ? 'Email is sent through Resend. Messages kept here were stored while no RESEND_API_KEY was set.'
          : 'No RESEND_API_KEY is set, so Parley keeps every email it would send here instead, and prints its links in the server log.'}
      </p>
      <Card>
        <ScrollArea label="Messages">
        <Table caption="Messages, newest first" columns={['To', 'Subject', 'Stored']} empty={messages.length === 0 && 'No messages yet.'}>
          {messages.map((message) => (
            <tr key={message.id}>
              <Td>{message.toAddress}</Td>
              <Td className="min-w-[14rem]">
                <Link href={`/admin/mailbox/${message.id}`} className="text-indigo-700 underline hover:text-indigo-900">
                  {message.subject}
                </Link>
              </Td>
              <Td className="whitespace-nowrap">
                <DateTime value={message.createdAt} />
              </Td>
            </tr>
          ))}
        </Table>
        </ScrollArea>
        <Pagination page={page} total={total} totalCapped={totalCapped} pageSize={pageSize} hrefFor={(p) => listHref('/admin/mailbox', { page: p })} />
      </Card>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { DateTime } from '@/app/_components/date-time';
import { AccessDenied, Card, PageHeader, Pagination } from '@/app/_components/ui';
import { getEnv } from '@/lib/env';
import { listMailboxMessages } from '@/lib/mailbox';
import { listHref, parsePage } from '@/lib/pagination';
import { canReadMailbox } from '@/lib/policy';
import { requireAgent } from '@/lib/session';

export const metadata: Metadata = { title: 'Mailbox' };

export default async function MailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const agent = await requireAgent();
  if (!canReadMailbox(agent)) return <AccessDenied />;
  const { messages, total, page, pageSize } = listMailboxMessages({ agent, page: parsePage((await searchParams).page) });
  return (
    <>
      <PageHeader title="Mailbox" />
      <p className="mb-4 max-w-3xl text-sm text-slate-600">
        {getEnv().RESEND_API_KEY
          ? 'Email is sent through Resend. Messages kept here were stored while no RESEND_API_KEY was set.'
          : 'No RESEND_API_KEY is set, so Parley keeps every email it would send here instead, and prints its links in the server log.'}
      </p>
      <Card className="overflow-x-auto">
        {messages.length === 0 ? (
          <p className="text-sm text-slate-600">No messages yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Messages, newest first</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-2 font-medium">To</th>
                <th scope="col" className="px-2 py-2 font-medium">Subject</th>
                <th scope="col" className="px-2 py-2 font-medium">Stored</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {messages.map((message) => (
                <tr key={message.id}>
                  <td className="px-2 py-2">{message.toAddress}</td>
                  <td className="px-2 py-2">
                    <Link href={`/admin/mailbox/${message.id}`} className="text-indigo-700 underline hover:text-indigo-900">
                      {message.subject}
                    </Link>
                  </td>
                  <td className="px-2 py-2 whitespace-nowrap">
                    <DateTime value={message.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pagination page={page} total={total} pageSize={pageSize} hrefFor={(p) => listHref('/admin/mailbox', { page: p })} />
      </Card>
    </>
  );
}

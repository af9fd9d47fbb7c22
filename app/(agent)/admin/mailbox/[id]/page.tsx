import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DateTime } from '@/app/_components/date-time';
import { AutoHeightFrame } from '@/app/_components/auto-height-frame';
import { LinkifiedText } from '@/app/_components/linkified-text';
import { AccessDenied, ButtonLink, Card, PageHeader } from '@/app/_components/ui';
import { AppError } from '@/lib/core/errors';
import { getMailboxMessage } from '@/lib/mail/mailbox';
import { canReadMailbox } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Mailbox message' };

export default async function MailboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const agent = await requireAgent();
  if (!canReadMailbox(agent)) return <AccessDenied />;
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  let message;
  try {
    message = getMailboxMessage({ agent, id });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  return (
    <>
      <PageHeader title={message.subject}>
        <ButtonLink href="/admin/mailbox">Back to the mailbox</ButtonLink>
      </PageHeader>
      <div className="space-y-6">
        <Card>
          <h2 className="sr-only">Headers</h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-medium text-slate-600">From</dt>
            <dd>{message.fromAddress}</dd>
            <dt className="font-medium text-slate-600">To</dt>
            <dd>{message.toAddress}</dd>
            <dt className="font-medium text-slate-600">Stored</dt>
            <dd>
              <DateTime value={message.createdAt} />
            </dd>
            {message.headerList.map(([name, value]) => (
              <div key={name} className="contents">
                <dt className="font-medium text-slate-600">{name}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <section aria-labelledby="html-heading">
          <h2 id="html-heading" className="mb-2 text-lg font-semibold">
            HTML version
          </h2>
          {/* Sandboxed: the message's HTML can run nothing and reach nothing; the frame grows to its content. */}
          <AutoHeightFrame title="HTML version" html={message.html} className="min-h-40 rounded-lg border border-slate-200 bg-white" />
        </section>
        <section aria-labelledby="text-heading">
          <h2 id="text-heading" className="mb-2 text-lg font-semibold">
            Text version
          </h2>
          <Card>
            <LinkifiedText text={message.text} className="font-mono text-sm" />
          </Card>
        </section>
      </div>
    </>
  );
}

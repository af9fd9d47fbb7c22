import Link from 'next/link';
import type { Agent } from '@/db/schema';
import { DateTime } from '@/app/_components/date-time';
import { Card } from '@/app/_components/ui';
import { listEmailTemplates } from '@/lib/email-templates';
import { tagDescriptions, templateTags } from '@/lib/mail/tags';
import { countOutboxByStatus, listFailedMessages } from '@/lib/outbox';
import { EmailTemplateEditor, RetryEmailButton } from './email-template-editor';

/** Settings → Emails: the text of every email, and what became of the ones that could not be delivered. */
export function EmailSettings({ agent }: { agent: Agent }) {
  const counts = countOutboxByStatus();
  const failed = listFailedMessages({ agent });
  return (
    <section aria-labelledby="emails-heading" className="space-y-6">
      <h2 id="emails-heading" className="text-xl font-semibold">
        Emails
      </h2>

      <Card>
        <h3 className="mb-1 text-lg font-semibold">Templates</h3>
        <p className="mb-4 text-sm text-slate-600">Change the subject and text of each email. Tags in braces are replaced for each recipient.</p>
        <EmailTemplateEditor templates={listEmailTemplates()} />
        <details className="mt-6 text-sm">
          <summary className="cursor-pointer font-medium text-slate-800">Available tags</summary>
          <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            {templateTags.map((tag) => (
              <div key={tag} className="contents">
                <dt>
                  <code className="rounded bg-slate-100 px-1">{`{${tag}}`}</code>
                </dt>
                <dd className="text-slate-700">{tagDescriptions[tag]}</dd>
              </div>
            ))}
          </dl>
        </details>
      </Card>

      <Card>
        <h3 className="mb-1 text-lg font-semibold">Delivery</h3>
        <p className="mb-4 text-sm text-slate-600">
          {counts.pending} waiting to be sent · {counts.sent} sent · {counts.failed} failed. Emails that fail are retried automatically
          with growing pauses; those that still fail are listed here.
        </p>
        {failed.length === 0 ? (
          <p className="text-sm text-slate-700">No failed emails.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Failed emails</caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-2 font-medium">Recipient</th>
                  <th scope="col" className="px-2 py-2 font-medium">Email</th>
                  <th scope="col" className="px-2 py-2 font-medium">Ticket</th>
                  <th scope="col" className="px-2 py-2 font-medium">Attempts</th>
                  <th scope="col" className="px-2 py-2 font-medium">Error</th>
                  <th scope="col" className="px-2 py-2 font-medium">Queued</th>
                  <th scope="col" className="px-2 py-2 font-medium">
                    <span className="sr-only">Retry</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {failed.map((message) => (
                  <tr key={message.id} className="align-top">
                    <td className="px-2 py-2">{message.toEmail}</td>
                    <td className="px-2 py-2">{message.template}</td>
                    <td className="px-2 py-2">
                      {message.ticketId ? (
                        <Link href={`/tickets/${message.ticketId}`} className="text-indigo-700 underline">
                          {message.ticketNumber}
                        </Link>
                      ) : null}
                    </td>
                    <td className="px-2 py-2">{message.attempts}</td>
                    <td className="px-2 py-2 break-words text-red-800">{message.lastError}</td>
                    <td className="px-2 py-2">
                      <DateTime value={message.createdAt} />
                    </td>
                    <td className="px-2 py-2">
                      <RetryEmailButton id={message.id} recipient={message.toEmail} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </section>
  );
}

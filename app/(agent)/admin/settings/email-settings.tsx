import Link from 'next/link';
import type { Agent } from '@/db/schema';
import { DateTime } from '@/app/_components/date-time';
import { ScrollArea } from '@/app/_components/scroll-area';
import { Card, Table, Td } from '@/app/_components/ui';
import { listEmailTemplates } from '@/lib/mail/template-settings';
import { tagDescriptions, templateTags } from '@/lib/tickets/template-tags';
import { countOutboxByStatus, listFailedMessages } from '@/lib/mail/outbox';
import { getDb } from '@/lib/core/db';
import { getEnv } from '@/lib/core/env';
import { getImapStatus } from '@/lib/mail/inbound/imap';
import { getImapConfig, getStoredImapSettings } from '@/lib/mail/inbound/imap-settings';
import { activeTransport } from '@/lib/mail/send';
import { EmailTemplateEditor, RetryEmailButton } from './email-template-editor';
import { MailboxSettingsForm } from './mailbox-settings-form';

const transportText = {
  resend: 'Resend (RESEND_API_KEY is set).',
  smtp: 'your own mail server (SMTP_URL is set).',
  mailbox: 'the local mailbox at Admin → Mailbox (neither RESEND_API_KEY nor SMTP_URL is set).',
} as const;

/** Settings → Emails: which way mail goes out. */
function Sending() {
  return (
    <Card>
      <h2 className="mb-1 text-lg font-semibold">Sending</h2>
      <p className="text-sm">Sending through: {transportText[activeTransport()]}</p>
    </Card>
  );
}

/** Settings → Inbound: how mail comes in — the Resend webhook, the IMAP connection's state and its settings. */
export function IncomingMail() {
  const env = getEnv();
  const { config, source } = getImapConfig();
  const status = config ? getImapStatus(getDb(), config) : undefined;
  const { password, ...stored } = getStoredImapSettings();
  return (
    <Card>
      <h2 className="mb-1 text-lg font-semibold">Incoming mail</h2>
      <dl className="mb-4 space-y-1 text-sm">
        <div>
          <dt className="inline font-medium">Resend inbound: </dt>
          <dd className="inline break-all">{env.RESEND_WEBHOOK_SECRET ? `on — webhook ${env.APP_URL}/api/inbound/resend` : 'off (set RESEND_WEBHOOK_SECRET)'}</dd>
        </div>
        <div>
          <dt className="inline font-medium">IMAP mailbox: </dt>
          <dd className="inline break-words">
            {/* The role sits inside the dd: a dl may only hold plain dt/dd groups (and divs around them). */}
            <span role="status">
              {config
                ? `${config.user} at ${config.host}:${config.port}/${config.mailbox}${source === 'env' ? ' (from IMAP_URL)' : ''} — ${status?.status ?? 'connecting'}`
                : 'not connected'}
              {status?.lastCheckedAt ? <> · last checked <DateTime value={status.lastCheckedAt} /></> : null}
            </span>
          </dd>
        </div>
        {status?.lastError && !status.status.startsWith('connected') ? (
          <div className="text-red-800">
            <dt className="inline font-medium">Last error: </dt>
            <dd className="inline">
              <span role="alert">
                {status.lastError}
                {status.nextRetryAt ? <> · next try <DateTime value={status.nextRetryAt} /></> : null}
              </span>
            </dd>
          </div>
        ) : null}
      </dl>
      {source === 'env' ? (
        <p className="text-sm text-slate-600">IMAP_URL is set, so the mailbox below is not used.</p>
      ) : (
        <MailboxSettingsForm settings={stored} hasPassword={password !== ''} />
      )}
    </Card>
  );
}

/** Settings → Emails: the text of every email, and what became of the ones that could not be delivered. */
export function EmailSettings({ agent }: { agent: Agent }) {
  const counts = countOutboxByStatus();
  const failed = listFailedMessages({ agent });
  return (
    <div className="space-y-6">
      <Sending />

      <Card>
        <h2 className="mb-1 text-lg font-semibold">Templates</h2>
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
        <h2 className="mb-1 text-lg font-semibold">Delivery</h2>
        <p className="mb-4 text-sm text-slate-600">
          {counts.pending} waiting to be sent · {counts.sent} sent · {counts.failed} failed. Emails that fail are retried automatically
          with growing pauses; those that still fail are listed here.
        </p>
        <ScrollArea label="Failed emails">
          <Table
            caption="Failed emails"
            columns={['Recipient', 'Email', 'Ticket', 'Attempts', 'Error', 'Queued', { label: <span className="sr-only">Retry</span> }]}
            empty={failed.length === 0 && 'No failed emails.'}
          >
            {failed.map((message) => (
              <tr key={message.id} className="align-top">
                <Td>{message.toEmail}</Td>
                <Td>{message.template}</Td>
                <Td>
                  {message.ticketId ? (
                    <Link href={`/tickets/${message.ticketId}`} className="text-indigo-700 underline">
                      {message.ticketNumber}
                    </Link>
                  ) : null}
                </Td>
                <Td>{message.attempts}</Td>
                <Td className="break-words text-red-800">{message.lastError}</Td>
                <Td>
                  <DateTime value={message.createdAt} />
                </Td>
                <Td>
                  <RetryEmailButton id={message.id} recipient={message.toEmail} />
                </Td>
              </tr>
            ))}
          </Table>
        </ScrollArea>
      </Card>
    </div>
  );
}

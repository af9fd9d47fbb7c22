import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DateTime } from '@/app/_components/date-time';
import { AccessDenied, BackLink, Badge, Card, PageHeader, Table, Td } from '@/app/_components/ui';
import { canManageWebhooks } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { AppError } from '@/lib/core/errors';
import { getWebhook, listDeliveries, DELIVERY_LOG_LIMIT, webhookView } from '@/lib/mail/webhooks';
import { DeleteWebhookForm, ResendDeliveryButton, WebhookActiveForm } from '../webhook-forms';

export const metadata: Metadata = { title: 'Webhook' };

function loadWebhook(id: number, agent: Awaited<ReturnType<typeof requireAgent>>) {
  try {
    return getWebhook({ agent, id });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireAgent();
  if (!canManageWebhooks(me)) return <AccessDenied />;
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const hook = webhookView(loadWebhook(id, me));
  const deliveries = listDeliveries({ agent: me, webhookId: id });
  return (
    <>
      <BackLink href="/admin/webhooks" label="Webhooks" />
      <PageHeader title={<span className="break-all">{hook.url}</span>} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <Card className="overflow-x-auto">
          <h2 className="mb-3 text-lg font-semibold">Deliveries</h2>
          <p className="mb-3 text-sm text-slate-600">The newest {DELIVERY_LOG_LIMIT}, each with its last answers. Resending sends the same message (same webhook-id) again.</p>
          <Table columns={['Event', 'State', 'Last answers', 'Queued', 'Resend']} empty={deliveries.length === 0 && 'Nothing was sent yet.'}>
            {deliveries.map((delivery) => (
              <tr key={delivery.id} className="align-top">
                <Td>
                  <span className="font-mono text-xs">{delivery.eventType}</span>
                  <span className="block break-all font-mono text-xs text-slate-500">{delivery.messageId}</span>
                </Td>
                <Td>
                  {delivery.status === 'sent' ? <Badge tone="emerald">Sent</Badge> : delivery.status === 'failed' ? <Badge tone="red">Failed</Badge> : <Badge tone="amber">Waiting</Badge>}
                  <span className="block text-xs text-slate-500">
                    {delivery.attempts} attempt{delivery.attempts === 1 ? '' : 's'}
                  </span>
                </Td>
                <Td>
                  {delivery.recentAttempts.length === 0 ? (
                    <span className="text-slate-400">{delivery.lastError ?? 'Not tried yet'}</span>
                  ) : (
                    <ul className="space-y-1 text-xs">
                      {delivery.recentAttempts.map((attempt) => (
                        <li key={attempt.id} className="break-all">
                          <span className={attempt.ok ? 'font-medium text-emerald-800' : 'font-medium text-red-800'}>{attempt.statusCode ?? 'No answer'}</span>{' '}
                          <DateTime value={attempt.createdAt} /> · {attempt.durationMs} ms
                          {attempt.response ? <span className="block text-slate-600">{attempt.response.slice(0, 200)}</span> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
                <Td>
                  <DateTime value={delivery.createdAt} />
                </Td>
                <Td>{hook.active ? <ResendDeliveryButton id={hook.id} deliveryId={delivery.id} label={`${delivery.eventType} ${delivery.messageId}`} /> : null}</Td>
              </tr>
            ))}
          </Table>
        </Card>
        <div className="space-y-6">
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Webhook</h2>
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-slate-500">State</dt>
                <dd>
                  {hook.active ? <Badge tone="emerald">On</Badge> : <Badge tone="red">Off</Badge>}{' '}
                  {hook.disabledReason ? <span>{hook.disabledReason}</span> : null}
                </dd>
              </div>
              {hook.failingSince ? (
                <div>
                  <dt className="text-slate-500">Failing since</dt>
                  <dd>
                    <DateTime value={new Date(hook.failingSince)} /> (turned off after 3 days of failures)
                  </dd>
                </div>
              ) : null}
              <div>
                <dt className="text-slate-500">Events</dt>
                <dd className="font-mono text-xs">{hook.events.join(', ')}</dd>
              </div>
            </dl>
            <div className="mt-4 space-y-4">
              <WebhookActiveForm id={hook.id} active={hook.active} />
              <DeleteWebhookForm id={hook.id} url={hook.url} />
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { DateTime } from '@/app/_components/date-time';
import { AccessDenied, Badge, Card, PageHeader, Table, Td } from '@/app/_components/ui';
import { webhookEventNames } from '@/db/schema';
import { canManageWebhooks } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { listWebhooks, webhookEventDescriptions, webhookView } from '@/lib/mail/webhooks';
import { CreateWebhookForm } from './webhook-forms';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage() {
  const me = await requireAgent();
  if (!canManageWebhooks(me)) return <AccessDenied />;
  const hooks = listWebhooks({ agent: me }).map(webhookView);
  return (
    <>
      <PageHeader title="Webhooks" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <Card className="overflow-x-auto">
          <Table columns={['URL', 'Events', 'State', 'Created']} empty={hooks.length === 0 && 'No webhooks yet.'}>
            {hooks.map((hook) => (
              <tr key={hook.id} className="align-top">
                <Td className="break-all font-medium">
                  <Link href={`/admin/webhooks/${hook.id}`} className="text-indigo-700 hover:underline">
                    {hook.url}
                  </Link>
                </Td>
                <Td>
                  <ul>
                    {hook.events.map((name) => (
                      <li key={name} className="font-mono text-xs">
                        {name}
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td>{hook.active ? hook.failingSince ? <Badge tone="amber">Failing</Badge> : <Badge tone="emerald">On</Badge> : <Badge tone="red">Off</Badge>}</Td>
                <Td>
                  <DateTime value={new Date(hook.createdAt)} />
                </Td>
              </tr>
            ))}
          </Table>
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New webhook</h2>
          <CreateWebhookForm events={webhookEventNames.map((name) => ({ name, description: webhookEventDescriptions[name] }))} />
        </Card>
      </div>
    </>
  );
}

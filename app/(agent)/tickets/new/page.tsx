import type { Metadata } from 'next';
import { BackLink, Card, PageHeader } from '@/app/_components/ui';
import { requireAgent } from '@/lib/auth/session';
import { maxAttachmentBytes } from '@/lib/files/store';
import { NewTicketForm } from './new-ticket-form';

export const metadata: Metadata = { title: 'New ticket' };

export default async function NewTicketPage() {
  await requireAgent();
  return (
    <>
      <BackLink href="/tickets" label="Tickets" />
      <PageHeader title="New ticket" />
      <Card className="max-w-2xl">
        <p className="mb-4 text-sm text-slate-600">
          For a request that reached you another way. The message is recorded as the customer’s; a customer with this email is
          found or created.
        </p>
        <NewTicketForm maxAttachmentBytes={maxAttachmentBytes()} />
      </Card>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/app/_components/ui';
import { requireAgent } from '@/lib/session';
import { NewTicketForm } from './new-ticket-form';

export const metadata: Metadata = { title: 'New ticket' };

export default async function NewTicketPage() {
  await requireAgent();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/tickets" className="text-indigo-700 hover:underline">
          ← Tickets
        </Link>
      </p>
      <PageHeader title="New ticket" />
      <Card className="max-w-2xl">
        <p className="mb-4 text-sm text-slate-600">
          For a request that reached you another way. The message is recorded as the customer’s; a customer with this email is
          found or created.
        </p>
        <NewTicketForm />
      </Card>
    </>
  );
}

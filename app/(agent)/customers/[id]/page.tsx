import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BackLink, Card, PageHeader } from '@/app/_components/ui';
import { listCompanyOptions } from '@/lib/companies';
import { getCustomerById } from '@/lib/customers';
import { requireAgent } from '@/lib/session';
import { CustomerForm } from '../customer-form';

export const metadata: Metadata = { title: 'Customer' };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAgent();
  const id = Number((await params).id);
  const customer = Number.isInteger(id) && id > 0 ? getCustomerById({ id }) : undefined;
  if (!customer) notFound();
  return (
    <>
      <BackLink href="/customers" label="Customers" />
      <PageHeader title={customer.name} />
      <Card className="max-w-2xl">
        <h2 className="mb-4 text-lg font-semibold">Edit customer</h2>
        <CustomerForm
          companies={listCompanyOptions()}
          customer={{ id: customer.id, name: customer.name, email: customer.email, companyId: customer.companyId }}
        />
      </Card>
    </>
  );
}

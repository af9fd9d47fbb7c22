import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BackLink, Card, PageHeader, Pagination } from '@/app/_components/ui';
import { getCompanyById } from '@/lib/companies';
import { listCustomers } from '@/lib/customers';
import { listHref, parsePage } from '@/lib/pagination';
import { requireAgent } from '@/lib/session';
import { CustomersTable } from '../../customers/customers-table';
import { CompanyForm } from '../company-form';

export const metadata: Metadata = { title: 'Company' };

export default async function CompanyPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  await requireAgent();
  const id = Number((await params).id);
  const company = Number.isInteger(id) && id > 0 ? getCompanyById({ id }) : undefined;
  if (!company) notFound();
  const { customers, total, totalCapped, page, pageSize } = listCustomers({ companyId: company.id, page: parsePage((await searchParams).page) });
  return (
    <>
      <BackLink href="/companies" label="Companies" />
      <PageHeader title={company.name} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card className="overflow-x-auto">
          <h2 className="mb-4 text-lg font-semibold">Customers ({total})</h2>
          <CustomersTable
            customers={customers}
            showCompany={false}
            empty={
              <>
                No customers belong to this company yet. Choose it on a{' '}
                <Link href="/customers" className="text-indigo-700 hover:underline">
                  customer
                </Link>{' '}
                to add one.
              </>
            }
          />
          <Pagination page={page} total={total} totalCapped={totalCapped} pageSize={pageSize} hrefFor={(p) => listHref(`/companies/${company.id}`, { page: p })} />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Edit company</h2>
          <CompanyForm company={{ id: company.id, name: company.name }} />
        </Card>
      </div>
    </>
  );
}

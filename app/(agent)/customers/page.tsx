import type { Metadata } from 'next';
import { SearchForm } from '@/app/_components/search-form';
import { Card, PageHeader, Pagination } from '@/app/_components/ui';
import { listCompanyOptions } from '@/lib/people/companies';
import { listCustomers } from '@/lib/people/customers';
import { listHref, parsePage } from '@/lib/web/pagination';
import { requireAgent } from '@/lib/auth/session';
import { CustomerForm } from './customer-form';
import { CustomersTable } from './customers-table';

export const metadata: Metadata = { title: 'Customers' };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  await requireAgent();
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.trim() : '';
  const { customers, total, totalCapped, page, pageSize } = listCustomers({ q, page: parsePage(params.page) });
  return (
    <>
      <PageHeader title="Customers" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <div>
          <SearchForm label="Search customers" q={q} />
          <Card className="overflow-x-auto">
            <CustomersTable customers={customers} showCompany empty={q ? `No customers match “${q}”.` : 'No customers yet.'} />
          </Card>
          <Pagination page={page} total={total} totalCapped={totalCapped} pageSize={pageSize} hrefFor={(p) => listHref('/customers', { q, page: p })} />
        </div>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New customer</h2>
          <CustomerForm companies={listCompanyOptions()} />
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { SearchForm } from '@/app/_components/search-form';
import { Card, PageHeader, Pagination } from '@/app/_components/ui';
import { listCompanyOptions } from '@/lib/companies';
import { listCustomers } from '@/lib/customers';
import { listHref, parsePage } from '@/lib/pagination';
import { requireAgent } from '@/lib/session';
import { CustomerForm } from './customer-form';

export const metadata: Metadata = { title: 'Customers' };

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  await requireAgent();
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.trim() : '';
  const { customers, total, page, pageSize } = listCustomers({ q, page: parsePage(params.page) });
  return (
    <>
      <PageHeader title="Customers" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div>
          <SearchForm label="Search customers" q={q} />
          <Card className="overflow-x-auto">
            {customers.length === 0 ? (
              <p className="text-sm text-slate-600">{q ? `No customers match “${q}”.` : 'No customers yet.'}</p>
            ) : (
              <table className="w-full text-left text-sm">
                <thead className="border-b border-slate-200 text-slate-600">
                  <tr>
                    <th scope="col" className="px-2 py-2 font-medium">Name</th>
                    <th scope="col" className="px-2 py-2 font-medium">Email</th>
                    <th scope="col" className="px-2 py-2 font-medium">Company</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {customers.map((customer) => (
                    <tr key={customer.id}>
                      <td className="px-2 py-2">
                        <Link href={`/customers/${customer.id}`} className="font-medium text-indigo-700 hover:underline">
                          {customer.name}
                        </Link>
                      </td>
                      <td className="px-2 py-2">{customer.email}</td>
                      <td className="px-2 py-2">
                        {customer.company ? (
                          <Link href={`/companies/${customer.company.id}`} className="hover:underline">
                            {customer.company.name}
                          </Link>
                        ) : (
                          <span className="text-slate-400">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
          <Pagination page={page} total={total} pageSize={pageSize} hrefFor={(p) => listHref('/customers', { q, page: p })} />
        </div>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New customer</h2>
          <CustomerForm companies={listCompanyOptions()} />
        </Card>
      </div>
    </>
  );
}

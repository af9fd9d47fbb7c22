import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card, PageHeader, Pagination } from '@/app/_components/ui';
import { getCompanyById } from '@/lib/companies';
import { listCustomers } from '@/lib/customers';
import { listHref, parsePage } from '@/lib/pagination';
import { requireAgent } from '@/lib/session';
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
  const { customers, total, page, pageSize } = listCustomers({ companyId: company.id, page: parsePage((await searchParams).page) });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/companies" className="text-indigo-700 hover:underline">
          ← Companies
        </Link>
      </p>
      <PageHeader title={company.name} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card className="overflow-x-auto">
          <h2 className="mb-4 text-lg font-semibold">Customers ({total})</h2>
          {customers.length === 0 ? (
            <p className="text-sm text-slate-600">
              No customers belong to this company yet. Choose it on a <Link href="/customers" className="text-indigo-700 hover:underline">customer</Link> to add one.
            </p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-2 font-medium">Name</th>
                  <th scope="col" className="px-2 py-2 font-medium">Email</th>
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
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pagination page={page} total={total} pageSize={pageSize} hrefFor={(p) => listHref(`/companies/${company.id}`, { page: p })} />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Edit company</h2>
          <CompanyForm company={{ id: company.id, name: company.name }} />
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { SearchForm } from '@/app/_components/search-form';
import { Card, PageHeader, Pagination, Table, Td } from '@/app/_components/ui';
import { listCompanies } from '@/lib/people/companies';
import { listHref, parsePage } from '@/lib/web/pagination';
import { requireAgent } from '@/lib/auth/session';
import { CompanyForm } from './company-form';

export const metadata: Metadata = { title: 'Companies' };

export default async function CompaniesPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  await requireAgent();
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.trim() : '';
  const { companies, total, page, pageSize } = listCompanies({ q, page: parsePage(params.page) });
  return (
    <>
      <PageHeader title="Companies" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <div>
          <SearchForm label="Search companies" q={q} />
          <Card className="overflow-x-auto">
            <Table
              columns={['Name', 'Email domains', { label: 'Customers', className: 'text-right' }]}
              empty={companies.length === 0 && (q ? `No companies match “${q}”.` : 'No companies yet.')}
            >
              {companies.map((company) => (
                <tr key={company.id}>
                  <Td>
                    <Link href={`/companies/${company.id}`} className="font-medium text-indigo-700 hover:underline">
                      {company.name}
                    </Link>
                  </Td>
                  <Td className="break-words">{company.domains.join(', ')}</Td>
                  <Td className="text-right tabular-nums">{company.customerCount}</Td>
                </tr>
              ))}
            </Table>
          </Card>
          <Pagination page={page} total={total} pageSize={pageSize} hrefFor={(p) => listHref('/companies', { q, page: p })} />
        </div>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New company</h2>
          <CompanyForm />
        </Card>
      </div>
    </>
  );
}

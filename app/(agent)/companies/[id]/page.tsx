import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BackLink, Card, PageHeader, Pagination } from '@/app/_components/ui';
import { getCompanyWithDomains } from '@/lib/people/companies';
import { listCustomers } from '@/lib/people/customers';
import { listHref, parsePage } from '@/lib/web/pagination';
import { getCurrentAgent, requireAgent } from '@/lib/auth/session';
import { listTicketsOf } from '@/lib/tickets/tickets';
import { TicketSummaryTable } from '../../tickets/ticket-summary-table';
import { CustomersTable } from '../../customers/customers-table';
import { CompanyForm } from '../company-form';

const companyFor = (id: string) => {
  const n = Number(id);
  return Number.isInteger(n) && n > 0 ? getCompanyWithDomains({ id: n }) : undefined;
};

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const company = (await getCurrentAgent()) ? companyFor((await params).id) : undefined;
  return { title: company ? company.name : 'Company' };
}

export default async function CompanyPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ page?: string; tickets_page?: string }>;
}) {
  const agent = await requireAgent();
  const company = companyFor((await params).id);
  if (!company) notFound();
  const query = await searchParams;
  const pages = { page: parsePage(query.page), tickets_page: parsePage(query.tickets_page) };
  const { customers, total, totalCapped, page, pageSize } = listCustomers({ companyId: company.id, page: pages.page });
  const companyTickets = listTicketsOf({ agent, owner: { companyId: company.id }, page: pages.tickets_page });
  return (
    <>
      <BackLink href="/companies" label="Companies" />
      <PageHeader title={company.name} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
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
          <Pagination page={page} total={total} totalCapped={totalCapped} pageSize={pageSize} hrefFor={(p) => listHref(`/companies/${company.id}`, { ...pages, page: p })} />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Edit company</h2>
          <CompanyForm company={{ id: company.id, name: company.name, domains: company.domains }} />
        </Card>
        <Card aria-labelledby="company-tickets-heading" className="overflow-x-auto lg:col-span-2">
          <h2 id="company-tickets-heading" className="mb-4 text-lg font-semibold">
            Tickets ({companyTickets.total}{companyTickets.totalCapped ? '+' : ''})
          </h2>
          <TicketSummaryTable
            caption={`Tickets of ${company.name}’s customers`}
            result={companyTickets}
            showCustomer
            empty="No tickets from this company’s customers yet."
            hrefFor={(p) => listHref(`/companies/${company.id}`, { ...pages, tickets_page: p })}
          />
        </Card>
      </div>
    </>
  );
}

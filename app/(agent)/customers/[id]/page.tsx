import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BackLink, Card, PageHeader } from '@/app/_components/ui';
import { listCompanyOptions } from '@/lib/people/companies';
import { getCustomerById } from '@/lib/people/customers';
import { listHref, parsePage } from '@/lib/web/pagination';
import { getCurrentAgent, requireAgent } from '@/lib/auth/session';
import { listTicketsOf } from '@/lib/tickets/tickets';
import { TicketSummaryTable } from '../../tickets/ticket-summary-table';
import { CustomerForm } from '../customer-form';

const customerFor = (id: string) => {
  const n = Number(id);
  return Number.isInteger(n) && n > 0 ? getCustomerById({ id: n }) : undefined;
};

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const customer = (await getCurrentAgent()) ? customerFor((await params).id) : undefined;
  return { title: customer ? customer.name : 'Customer' };
}

export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tickets_page?: string; participations_page?: string }>;
}) {
  const agent = await requireAgent();
  const customer = customerFor((await params).id);
  if (!customer) notFound();
  const query = await searchParams;
  const pages = { tickets_page: parsePage(query.tickets_page), participations_page: parsePage(query.participations_page) };
  const hrefFor = (key: keyof typeof pages) => (page: number) => listHref(`/customers/${customer.id}`, { ...pages, [key]: page });
  const own = listTicketsOf({ agent, owner: { customerId: customer.id }, page: pages.tickets_page });
  const participating = listTicketsOf({ agent, owner: { participantEmail: customer.email }, page: pages.participations_page });
  return (
    <>
      <BackLink href="/customers" label="Customers" />
      <PageHeader title={customer.name} />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <div className="space-y-6">
          <Card aria-labelledby="customer-tickets-heading" className="overflow-x-auto">
            <h2 id="customer-tickets-heading" className="mb-4 text-lg font-semibold">
              Tickets ({own.total}{own.totalCapped ? '+' : ''})
            </h2>
            <TicketSummaryTable
              caption={`Tickets of ${customer.name}`}
              result={own}
              showCustomer={false}
              empty="No tickets yet."
              hrefFor={hrefFor('tickets_page')}
            />
          </Card>
          <Card aria-labelledby="customer-participations-heading" className="overflow-x-auto">
            <h2 id="customer-participations-heading" className="mb-4 text-lg font-semibold">
              Takes part in ({participating.total}{participating.totalCapped ? '+' : ''})
            </h2>
            <TicketSummaryTable
              caption={`Tickets ${customer.name} takes part in`}
              result={participating}
              showCustomer
              empty="Not a participant of any ticket."
              hrefFor={hrefFor('participations_page')}
            />
          </Card>
        </div>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Edit customer</h2>
          <CustomerForm
            companies={listCompanyOptions()}
            customer={{ id: customer.id, name: customer.name, email: customer.email, companyId: customer.companyId }}
          />
        </Card>
      </div>
    </>
  );
}

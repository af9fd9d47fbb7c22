import Link from 'next/link';
import { Table, Td } from '@/app/_components/ui';
import type { CustomerWithCompany } from '@/lib/customers';

/** Customers with links to each one; the company column is left out where all of them share one company. */
export function CustomersTable({
  customers,
  showCompany,
  empty,
}: {
  customers: CustomerWithCompany[];
  showCompany: boolean;
  empty: React.ReactNode;
}) {
  return (
    <Table columns={showCompany ? ['Name', 'Email', 'Company'] : ['Name', 'Email']} empty={customers.length === 0 && empty}>
      {customers.map((customer) => (
        <tr key={customer.id}>
          <Td>
            <Link href={`/customers/${customer.id}`} className="font-medium text-indigo-700 hover:underline">
              {customer.name}
            </Link>
          </Td>
          <Td>{customer.email}</Td>
          {showCompany ? (
            <Td>
              {customer.company ? (
                <Link href={`/companies/${customer.company.id}`} className="hover:underline">
                  {customer.company.name}
                </Link>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

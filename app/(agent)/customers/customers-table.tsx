import Link from 'next/link';
import { Table, Td } from '@/app/_components/ui';
import type { CustomerWithCompany } from '@/lib/people/customers';

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
    <Table
      columns={['Name', { label: 'Email', className: 'hidden sm:table-cell' }, ...(showCompany ? ['Company'] : [])]}
      empty={customers.length === 0 && empty}
    >
      {customers.map((customer) => (
        <tr key={customer.id}>
          <Td className="break-words">
            <Link href={`/customers/${customer.id}`} className="font-medium text-indigo-700 hover:underline">
              {customer.name}
            </Link>
            {/* On narrow screens the address sits under the name instead of in its own column. */}
            <span className="block break-all text-xs text-slate-500 sm:hidden">{customer.email}</span>
          </Td>
          <Td className="hidden break-all sm:table-cell">{customer.email}</Td>
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

import { agentActor } from '@/lib/core/audit';
import { apiHandler, apiListQuerySchema, parseQuery } from '@/lib/web/api';
import { customerView } from '@/lib/attachments/api-views';
import { createCustomer, listCustomers } from '@/lib/people/customers';
import { forbidden } from '@/lib/core/errors';
import { canManageCustomers } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

// GET /api/v1/customers – customers by name, email or company (q), paginated
export const GET = apiHandler(({ req }) => {
  const list = listCustomers(parseQuery(req, apiListQuerySchema));
  return Response.json({ customers: list.customers.map(customerView), page: list.page, pageSize: list.pageSize, total: list.total, totalCapped: list.totalCapped });
});

// POST /api/v1/customers – create a customer; 409 when the email is taken
export const POST = apiHandler(({ agent, body }) => {
  if (!canManageCustomers(agent)) throw forbidden();
  return Response.json({ customer: customerView(createCustomer(body, agentActor(agent))) }, { status: 201 });
});

import { agentActor } from '@/lib/core/audit';
import { apiHandler, apiListQuerySchema, parseQuery } from '@/lib/web/api';
import { companyView } from '@/lib/attachments/api-views';
import { createCompany, listCompanies } from '@/lib/people/companies';
import { forbidden } from '@/lib/core/errors';
import { canManageCustomers } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

// GET /api/v1/companies – companies by name (q), paginated, with their customer counts
export const GET = apiHandler(({ req }) => {
  const list = listCompanies(parseQuery(req, apiListQuerySchema));
  return Response.json({ companies: list.companies.map(companyView), page: list.page, pageSize: list.pageSize, total: list.total });
});

// POST /api/v1/companies – create a company with optional email domains; 409 when the name or a domain is taken
export const POST = apiHandler(({ agent, body }) => {
  if (!canManageCustomers(agent)) throw forbidden();
  // A company is new here, so it has no customers yet.
  return Response.json({ company: companyView({ ...createCompany(body, agentActor(agent)), customerCount: 0 }) }, { status: 201 });
});

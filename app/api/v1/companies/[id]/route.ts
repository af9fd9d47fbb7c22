import { canManageCustomers } from '@/lib/auth/policy';
import { agentActor } from '@/lib/core/audit';
import { forbidden, notFound } from '@/lib/core/errors';
import { getCompanyDetails, updateCompany } from '@/lib/people/companies';
import { apiHandler } from '@/lib/web/api';
import { companyView } from '@/lib/attachments/api-views';

export const dynamic = 'force-dynamic';

const loadCompanyView = (id: number) => {
  const company = getCompanyDetails({ id });
  if (!company) throw notFound('Company');
  return companyView(company);
};

// GET /api/v1/companies/:id – one company with its email domains and customer count
export const GET = apiHandler({ id: 'Company' }, ({ ids }) => Response.json({ company: loadCompanyView(ids.id) }));

// PATCH /api/v1/companies/:id – rename a company and/or replace its email domains
export const PATCH = apiHandler({ id: 'Company' }, ({ agent, ids, body }) => {
  if (!canManageCustomers(agent)) throw forbidden();
  updateCompany({ ...(body as Record<string, unknown>), id: ids.id }, agentActor(agent));
  return Response.json({ company: loadCompanyView(ids.id) });
});

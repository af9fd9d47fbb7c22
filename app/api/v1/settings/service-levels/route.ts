import { apiHandler } from '@/lib/web/api';
import { forbidden } from '@/lib/core/errors';
import { canManageSettings } from '@/lib/auth/policy';
import { updateServiceLevels } from '@/lib/auth/admin-settings';
import { getSettings } from '@/lib/core/settings';

export const dynamic = 'force-dynamic';

// GET /api/v1/settings/service-levels – business hours, holidays and targets per priority (admins only)
export const GET = apiHandler(({ agent }) => {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can read service levels.');
  return Response.json({ serviceLevels: getSettings().serviceLevels });
});

// PUT /api/v1/settings/service-levels – replace them all; a bad calendar or a target of 0 or less is a 422 and nothing changes
export const PUT = apiHandler(({ agent, body }) => Response.json({ serviceLevels: updateServiceLevels({ agent, input: body }) }));

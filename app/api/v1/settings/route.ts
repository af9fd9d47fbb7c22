import { apiHandler } from '@/lib/web/api';
import { forbidden } from '@/lib/core/errors';
import { canManageSettings } from '@/lib/auth/policy';
import { updateSettings } from '@/lib/auth/admin-settings';
import { getSettings } from '@/lib/core/settings';

export const dynamic = 'force-dynamic';

// GET /api/v1/settings – every setting (admins only)
export const GET = apiHandler(({ agent }) => {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can read settings.');
  return Response.json({ settings: getSettings() });
});

// PATCH /api/v1/settings – change some settings (admins only); unknown keys and bad values are refused with 422
export const PATCH = apiHandler(({ agent, body }) => Response.json({ settings: updateSettings({ agent, input: body }) }));

import 'server-only';
import type { Agent } from '@/db/schema';
import { canManageSettings, canRequireTwoFactor } from '@/lib/auth/policy';
import { agentActor, recordAudit } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { REPORT_FACTS_CURSOR, SERVICE_LEVEL_CURSOR, writeJobCursor } from '@/lib/core/job-cursors';
import { forbidden, validationError } from '@/lib/core/errors';
import { serviceLevelsSchema, type ServiceLevels } from '@/lib/core/service-level-schema';
import { getSettings, parseSettingsPatch, writeSettings, type Settings } from '@/lib/core/settings';

// Settings live on the ground floor (every domain reads them); changing them is an administrator's act, so it sits
// here beside the policy that allows it.

/** The one way settings change (admin pages and the REST API): policy, validation, write and audit entry together. */
export function updateSettings({ agent, input }: { agent: Agent; input: unknown }): Settings {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can change settings.');
  const patch = parseSettingsPatch(input);
  if (patch.requireTwoFactor && !getSettings().requireTwoFactor && !canRequireTwoFactor(agent)) {
    throw validationError([{ path: ['requireTwoFactor'], message: 'Set up two-factor sign-in for your own account first (Your account).' }]);
  }
  return getDb().transaction((tx) => {
    const before = getSettings(tx);
    writeSettings(tx, patch);
    const after = getSettings(tx);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(patch) as (keyof Settings)[]) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
    }
    if (Object.keys(changes).length > 0) {
      recordAudit(tx, { ticketId: null, actor: agentActor(agent), action: 'settings.updated', detail: { changes } });
    }
    // Every ticket's due times (and its reports' business-hour figures and team days) follow a new calendar or new
    // targets: the background thread recomputes them all.
    if (changes.serviceLevels) {
      writeJobCursor(tx, SERVICE_LEVEL_CURSOR, { at: 0, id: 0 });
      writeJobCursor(tx, REPORT_FACTS_CURSOR, { at: 0, id: 0 });
    }
    return after;
  });
}

/**
 * Replaces the business hours and targets (Settings → Service levels, PUT /api/v1/settings/service-levels). The whole
 * object is validated before anything is written, and its problems are named by their own paths (`week.mon.0`).
 */
export function updateServiceLevels({ agent, input }: { agent: Agent; input: unknown }): ServiceLevels {
  if (!canManageSettings(agent)) throw forbidden('Only administrators can change service levels.');
  const parsed = serviceLevelsSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  return updateSettings({ agent, input: { serviceLevels: parsed.data } }).serviceLevels;
}

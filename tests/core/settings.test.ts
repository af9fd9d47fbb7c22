import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, type Agent } from '@/db/schema';
import { createAgent, setAgentActive } from '@/lib/auth/agents';
import { systemActor } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { updateSettings } from '@/lib/auth/admin-settings';
import { defaultSettings, getSettings } from '@/lib/core/settings';
import { appErrorFrom } from '@/tests/support/helpers';

let counter = 0;
const newAgent = (role: 'admin' | 'agent'): Promise<Agent> =>
  createAgent({ email: `settings-${role}-${++counter}@example.com`, name: `${role} ${counter}`, password: 'password-123', role }, systemActor);

const settingsAudit = () => getDb().select().from(auditLog).where(eq(auditLog.action, 'settings.updated')).all();

describe('updateSettings', () => {
  it('lets an admin change settings and records what changed', async () => {
    const admin = await newAgent('admin');
    const saved = updateSettings({ agent: admin, input: { ticketPrefix: 'HELP-', ticketNumberStart: 5000, customersCanReopen: false } });
    expect(saved).toMatchObject({ ticketPrefix: 'HELP-', ticketNumberStart: 5000, customersCanReopen: false, siteName: defaultSettings.siteName });
    expect(getSettings()).toEqual(saved);

    const [entry] = settingsAudit();
    expect(entry).toMatchObject({ ticketId: null, actorKind: 'agent', actorId: admin.id });
    expect(JSON.parse(entry.detail).changes).toEqual({
      ticketPrefix: { from: 'PAR-', to: 'HELP-' },
      ticketNumberStart: { from: 1001, to: 5000 },
      customersCanReopen: { from: true, to: false },
    });
  });

  it('refuses an unknown key with a 422 and writes nothing', async () => {
    const admin = await newAgent('admin');
    const before = getSettings();
    const error = await appErrorFrom(() => updateSettings({ agent: admin, input: { siteName: 'Changed', colour: 'red' } }));
    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(422);
    expect(getSettings()).toEqual(before);
  });

  it('refuses invalid values with a 422 naming each field', async () => {
    const admin = await newAgent('admin');
    const before = getSettings();
    const error = await appErrorFrom(() =>
      updateSettings({ agent: admin, input: { ticketNumberStart: Number.NaN, ticketPrefix: 'A B', siteName: ' ', participantsEnabled: 'yes' } }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual({
      ticketNumberStart: 'must be a whole number',
      ticketPrefix: 'must not contain spaces',
      siteName: 'is required',
      participantsEnabled: expect.any(String),
    });
    expect(getSettings()).toEqual(before);
  });

  it('answers 403 to agents who are not admins, and to deactivated admins', async () => {
    const agent = await newAgent('agent');
    const before = getSettings();
    expect((await appErrorFrom(() => updateSettings({ agent, input: { siteName: 'Mine' } }))).code).toBe('forbidden');

    const admin = await newAgent('admin');
    const deactivated = setAgentActive({ id: admin.id, active: false }, systemActor);
    expect((await appErrorFrom(() => updateSettings({ agent: deactivated, input: { siteName: 'Mine' } }))).status).toBe(403);
    expect(getSettings()).toEqual(before);
  });

  it('writes no audit entry when nothing changes', async () => {
    const admin = await newAgent('admin');
    const entries = settingsAudit().length;
    updateSettings({ agent: admin, input: { siteName: getSettings().siteName } });
    expect(settingsAudit()).toHaveLength(entries);
  });
});

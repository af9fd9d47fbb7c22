import { describe, expect, it } from 'vitest';
import { createAgent, endAllSessions, getAgentById, isSessionCurrent, resetAgentPassword, setAgentActive, setAgentRole } from '@/lib/auth/agents';
import { systemActor } from '@/lib/core/audit';
import { authOptions } from '@/lib/auth/next-auth';
import { appErrorFrom } from '@/tests/support/helpers';

// Issue 10, found 3: sessions carry the agent's session version from sign-in; these changes must end them at once.

let n = 0;
const newAgent = () => createAgent({ email: `agent${++n}@team.test`, name: `Agent ${n}`, password: 'password-123' }, systemActor);
const fresh = (id: number) => getAgentById({ id })!;

describe('session versions', () => {
  it('a session signed now is current until something ends it', async () => {
    const agent = await newAgent();
    expect(isSessionCurrent(agent, agent.sessionVersion)).toBe(true);
    expect(isSessionCurrent(agent, undefined)).toBe(false);
    expect(isSessionCurrent(agent, String(agent.sessionVersion))).toBe(false);
  });

  it.each([
    ['a password reset', (id: number) => resetAgentPassword({ id, password: 'another-password' }, systemActor)],
    ['a role change', (id: number) => setAgentRole({ id, role: 'admin' }, systemActor)],
    ['sign out everywhere', (id: number) => endAllSessions(fresh(id))],
    ['deactivation (even after activating again)', (id: number) => {
      setAgentActive({ id, active: false }, systemActor);
      setAgentActive({ id, active: true }, systemActor);
    }],
  ])('%s ends every existing session', async (_, change) => {
    const agent = await newAgent();
    const signedIn = agent.sessionVersion;
    await change(agent.id);
    const after = fresh(agent.id);
    expect(isSessionCurrent(after, signedIn)).toBe(false);
    expect(isSessionCurrent(after, after.sessionVersion)).toBe(true);
  });

  it('setting the role an agent already has changes nothing', async () => {
    const agent = await newAgent();
    setAgentRole({ id: agent.id, role: 'agent' }, systemActor);
    expect(isSessionCurrent(fresh(agent.id), agent.sessionVersion)).toBe(true);
  });

  it('refuses an unknown role and changing one’s own role', async () => {
    const agent = await newAgent();
    expect((await appErrorFrom(() => setAgentRole({ id: agent.id, role: 'owner' }, systemActor))).code).toBe('validation_failed');
    const self = { kind: 'agent' as const, id: agent.id, email: agent.email };
    expect((await appErrorFrom(() => setAgentRole({ id: agent.id, role: 'admin' }, self))).code).toBe('conflict');
    expect(fresh(agent.id).role).toBe('agent');
  });

  it('an ended or deactivated session names no one, even on /api/auth/session', async () => {
    const agent = await newAgent();
    const session = (sessionVersion: unknown) =>
      authOptions.callbacks!.session!({ session: { user: { email: agent.email }, expires: 'later' }, token: { sub: String(agent.id), sessionVersion } } as never) as { user?: { id?: string } };
    expect(session(agent.sessionVersion).user?.id).toBe(String(agent.id));
    endAllSessions(agent);
    expect(session(agent.sessionVersion)).toEqual({ expires: 'later' });
    const current = fresh(agent.id).sessionVersion;
    setAgentActive({ id: agent.id, active: false }, systemActor);
    expect(session(current)).toEqual({ expires: 'later' });
  });
});

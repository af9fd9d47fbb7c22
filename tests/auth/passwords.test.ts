import { describe, expect, it } from 'vitest';
import { createAgent, resetAgentPassword } from '@/lib/auth/agents';
import { passwordProblem } from '@/lib/auth/passwords';
import { systemActor } from '@/lib/core/audit';
import { appErrorFrom } from '@/tests/support/helpers';

// Issue 17, finding 11: `12345678` and a password equal to the account's email were accepted.

describe('password rules', () => {
  it.each([
    ['12345678', 'must be at least 10 characters'],
    ['short-one', 'must be at least 10 characters'],
    ['1234567890', 'is one of the most common passwords; choose another'],
    ['Password123', 'is one of the most common passwords; choose another'],
    ['qwertyuiop', 'is one of the most common passwords; choose another'],
    ['carla.customer@acme.test', 'must not contain the account’s email address or the name before its @'],
    ['CARLA.CUSTOMER@ACME.TEST!', 'must not contain the account’s email address or the name before its @'],
    ['carla.customer', 'must not contain the account’s email address or the name before its @'],
    ['my-carla.customer-2026', 'must not contain the account’s email address or the name before its @'],
  ])('refuses %s', async (password, problem) => {
    expect(await passwordProblem(password, 'Carla.Customer@acme.test')).toBe(problem);
  });

  it('accepts a long uncommon password, and a short local part inside one', async () => {
    expect(await passwordProblem('violet-harbour-lantern', 'carla@acme.test')).toBeNull();
    // "al" is too short to refuse every password that contains it.
    expect(await passwordProblem('always-rainy-lantern', 'al@acme.test')).toBeNull();
  });

  it('applies to creating an agent and to a reset, naming the password field', async () => {
    const created = await appErrorFrom(() => createAgent({ email: 'dora@team.test', name: 'Dora', password: 'dora@team.test' }, systemActor));
    expect(created.code).toBe('validation_failed');
    expect(created.fields).toEqual({ password: 'must not contain the account’s email address or the name before its @' });

    const agent = await createAgent({ email: 'dora@team.test', name: 'Dora', password: 'violet-harbour-lantern' }, systemActor);
    const reset = await appErrorFrom(() => resetAgentPassword({ id: agent.id, password: '12345678' }, systemActor));
    expect(reset.fields).toEqual({ password: 'must be at least 10 characters' });
    const common = await appErrorFrom(() => resetAgentPassword({ id: agent.id, password: 'iloveyou12' }, systemActor));
    expect(common.fields).toEqual({ password: 'is one of the most common passwords; choose another' });
  });
});

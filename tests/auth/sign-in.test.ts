import { describe, expect, it } from 'vitest';
import { createAgent, resetAgentPassword } from '@/lib/auth/agents';
import { consumeRateLimit, RateLimitError } from '@/lib/auth/rate-limit';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { systemActor } from '@/lib/core/audit';
import { getSqlite } from '@/lib/core/db';
import { appErrorFrom } from '@/tests/support/helpers';

// Issue 17, finding 7: sign-in failures are limited per account and per address, in SQLite; a success clears only
// its own account's count.

let n = 0;
const password = 'violet-harbour-lantern';
const newAgent = async () => createAgent({ email: `signin${++n}@team.test`, name: `Sign-in ${n}`, password }, systemActor);
const newAddress = () => `192.0.2.${++n}`;
const attempt = (email: string, pass: string, address: string, now?: number) => signInWithPassword({ email, password: pass, address, now });

async function refusal(run: () => Promise<unknown>): Promise<RateLimitError> {
  const error = await appErrorFrom(run);
  expect(error).toBeInstanceOf(RateLimitError);
  return error as RateLimitError;
}

// Every attempt runs bcrypt (as a real sign-in does): dozens of them outlast vitest's 5 s default on a busy machine.
describe('sign-in rate limits', { timeout: 60_000 }, () => {
  it('signs in with the right password and refuses a wrong one without saying which part was wrong', async () => {
    const agent = await newAgent();
    expect(await attempt(agent.email, password, newAddress())).toMatchObject({ kind: 'signed-in', agent: { id: agent.id } });
    expect(await attempt(agent.email, 'wrong-password-1', newAddress())).toEqual({ kind: 'refused', reason: 'credentials' });
    expect(await attempt('nobody@team.test', password, newAddress())).toEqual({ kind: 'refused', reason: 'credentials' });
  });

  it('one success as another account does not reset the address: 9 wrong guesses, 1 good sign-in, repeated', async () => {
    const victim = await newAgent();
    const accomplice = await newAgent();
    const address = newAddress();
    let guesses = 0;
    const refused = await refusal(async () => {
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 9; i++) {
          guesses++;
          await attempt(victim.email, `guess-number-${guesses}`, address);
        }
        await attempt(accomplice.email, password, address);
      }
    });
    expect(refused.limit).toBe('signInAddress');
    expect(refused.message).toMatch(/^Too many failed sign-ins from your address\. Try again in \d+ minutes?\.$/);
    expect(guesses).toBe(11);
  });

  it('limits guesses at one account from many addresses, and the right password too once it is locked', async () => {
    const victim = await newAgent();
    for (let i = 0; i < 10; i++) expect((await attempt(victim.email, `guess-${i}-wrong`, newAddress())).kind).toBe('refused');
    const refused = await refusal(() => attempt(victim.email, password, newAddress()));
    expect(refused.limit).toBe('signInAccount');
    expect(refused.message).toMatch(/^Too many failed sign-ins for this account\./);
    // Another account is not affected, and a new password (an admin's reset) unlocks it.
    const other = await newAgent();
    expect((await attempt(other.email, password, newAddress())).kind).toBe('signed-in');
    await resetAgentPassword({ id: victim.id, password: 'amber-meadow-compass' }, systemActor);
    expect((await attempt(victim.email, 'amber-meadow-compass', newAddress())).kind).toBe('signed-in');
  });

  it('a success clears its own account’s count', async () => {
    const agent = await newAgent();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) await attempt(agent.email, `wrong-${round}-${i}-guess`, newAddress());
      expect((await attempt(agent.email, password, newAddress())).kind).toBe('signed-in');
    }
  });

  it('counts in SQLite, shared by every process, and starts a new window once one has run out', () => {
    const key = newAddress();
    const start = Date.now();
    for (let i = 0; i < 20; i++) consumeRateLimit('publicForm', key, start);
    expect(() => consumeRateLimit('publicForm', key, start)).toThrow(RateLimitError);
    const row = getSqlite().prepare('SELECT count FROM rate_limits WHERE bucket = ? AND key = ?').get('publicForm', key) as { count: number };
    expect(row.count).toBe(21);
    expect(() => consumeRateLimit('publicForm', key, start + 10 * 60_000)).not.toThrow();
  });
});

import { eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { auditLog, outbox } from '@/db/schema';
import { createAgent, getAgentById, isSessionCurrent } from '@/lib/auth/agents';
import { RateLimitError } from '@/lib/auth/rate-limit';
import { signInWithPassword, signInWithSecondFactor } from '@/lib/auth/sign-in';
import {
  beginTwoFactorSetup,
  confirmTwoFactorSetup,
  countUnusedRecoveryCodes,
  disableTwoFactor,
  readTwoFactorChallenge,
  resetTwoFactor,
  signTwoFactorChallenge,
  twoFactorSetupFor,
  verifySecondFactor,
} from '@/lib/auth/two-factor';
import { agentActor, systemActor } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { getSettings } from '@/lib/core/settings';
import { updateSettings } from '@/lib/auth/admin-settings';
import { mustSetUpTwoFactor } from '@/lib/auth/policy';
import { appErrorFrom } from '@/tests/support/helpers';

// Issue 17, section 3: TOTP (RFC 6238) with recovery codes, checked with a fixed clock.

let n = 0;
const password = 'violet-harbour-lantern';
// 2027-01-15T08:00:00Z, the start of a 30-second step.
const T0 = 1_800_000_000_000;
const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

async function agentWithTwoFactor(at = T0) {
  const agent = await createAgent({ email: `twofa${++n}@team.test`, name: `Two ${n}`, password }, systemActor);
  beginTwoFactorSetup(agent);
  const secret = getAgentById({ id: agent.id })!.twoFactorPendingSecret!;
  const recoveryCodes = confirmTwoFactorSetup(agent, codeAt(secret, at), agentActor(agent), at);
  return { agent: getAgentById({ id: agent.id })!, secret, recoveryCodes, signedInBefore: agent.sessionVersion };
}

describe('two-factor sign-in', () => {
  it('is set up by confirming one code from the secret shown as a QR code and as text', async () => {
    const agent = await createAgent({ email: `setup${++n}@team.test`, name: 'Setup', password }, systemActor);
    beginTwoFactorSetup(agent);
    const pending = getAgentById({ id: agent.id })!;
    const setup = (await twoFactorSetupFor(pending))!;
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toBe(`otpauth://totp/Parley:setup${n}%40team.test?secret=${setup.secret}&issuer=Parley`);
    expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(setup.qrCode.split(',')[1], 'base64').toString()).toContain('<svg');

    const wrong = await appErrorFrom(() => confirmTwoFactorSetup(agent, '000000', agentActor(agent), T0));
    expect(wrong.fields).toEqual({ code: 'is not right' });
    expect(getAgentById({ id: agent.id })!.twoFactorEnabledAt).toBeNull();

    const codes = confirmTwoFactorSetup(agent, codeAt(setup.secret, T0), agentActor(agent), T0);
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const after = getAgentById({ id: agent.id })!;
    expect(after.twoFactorSecret).toBe(setup.secret);
    expect(after.twoFactorPendingSecret).toBeNull();
    // Every session ends, this one included.
    expect(isSessionCurrent(after, agent.sessionVersion)).toBe(false);
  });

  it('accepts the code of the current step and its neighbours, and nothing further off (fixed clock)', async () => {
    const { agent, secret } = await agentWithTwoFactor();
    expect(verifySecondFactor(agent.id, codeAt(secret, T0 + 30_000), T0 + 30_000)).toBe('totp');
    expect(verifySecondFactor(agent.id, codeAt(secret, T0 + 90_000), T0 + 60_000)).toBe('totp');
    expect(verifySecondFactor(agent.id, codeAt(secret, T0 + 300_000), T0 + 90_000)).toBeNull();
    expect(verifySecondFactor(agent.id, 'abcdef', T0 + 90_000)).toBeNull();
  });

  it('refuses a code used once already, and any earlier one, within its window', async () => {
    const { agent, secret } = await agentWithTwoFactor();
    // The code that confirmed the set-up counts as used.
    expect(verifySecondFactor(agent.id, codeAt(secret, T0), T0 + 1_000)).toBeNull();
    const next = codeAt(secret, T0 + 30_000);
    expect(verifySecondFactor(agent.id, next, T0 + 30_000)).toBe('totp');
    expect(verifySecondFactor(agent.id, next, T0 + 31_000)).toBeNull();
    expect(getAgentById({ id: agent.id })!.twoFactorLastStep).toBe(Math.floor((T0 + 30_000) / 30_000));
  });

  it('takes each recovery code once, whatever its case or dashes', async () => {
    const { agent, recoveryCodes } = await agentWithTwoFactor();
    const [first, second] = recoveryCodes;
    expect(verifySecondFactor(agent.id, first.toLowerCase().replace(/-/g, ' '), T0)).toBe('recovery');
    expect(verifySecondFactor(agent.id, first, T0)).toBeNull();
    expect(countUnusedRecoveryCodes(agent.id)).toBe(9);
    // Another agent's code is not this one's.
    const other = await agentWithTwoFactor();
    expect(verifySecondFactor(other.agent.id, second, T0)).toBeNull();
    expect(verifySecondFactor(agent.id, second, T0)).toBe('recovery');
  });

  it('limits wrong codes per account', async () => {
    const { agent, secret } = await agentWithTwoFactor();
    for (let i = 0; i < 5; i++) expect(verifySecondFactor(agent.id, '000000', T0)).toBeNull();
    expect(() => verifySecondFactor(agent.id, codeAt(secret, T0 + 30_000), T0 + 30_000)).toThrow(RateLimitError);
    const other = await agentWithTwoFactor();
    expect(verifySecondFactor(other.agent.id, codeAt(other.secret, T0 + 30_000), T0 + 30_000)).toBe('totp');
  });

  it('signs in in two steps: a right password gives a challenge, never a session, until a code passes', async () => {
    const setUpAt = Date.now();
    const { agent, secret, recoveryCodes } = await agentWithTwoFactor(setUpAt);
    const now = setUpAt + 30_000;
    const first = await signInWithPassword({ email: agent.email, password, address: '198.51.100.20', now });
    if (first.kind !== 'second-factor') throw new Error(`expected a challenge, got ${first.kind}`);
    expect(signInWithSecondFactor({ challenge: first.challenge, code: '123456', now })).toEqual({ kind: 'refused', reason: 'code' });
    expect(signInWithSecondFactor({ challenge: `${first.challenge}x`, code: codeAt(secret, now), now })).toEqual({ kind: 'refused', reason: 'challenge' });
    expect(signInWithSecondFactor({ challenge: first.challenge, code: codeAt(secret, now), now })).toMatchObject({ kind: 'signed-in', agent: { id: agent.id } });
    expect(signInWithSecondFactor({ challenge: first.challenge, code: recoveryCodes[0], now })).toMatchObject({ kind: 'signed-in' });
    const used = getDb().select().from(auditLog).where(eq(auditLog.action, 'agent.recovery_code_used')).all();
    expect(used.some((entry) => entry.actorId === agent.id)).toBe(true);
    // Five minutes later the challenge is void.
    expect(signInWithSecondFactor({ challenge: first.challenge, code: recoveryCodes[1], now: now + 5 * 60_000 + 1 })).toEqual({ kind: 'refused', reason: 'challenge' });
  });

  it('voids a challenge when the agent’s session version moves on (their second factor reset, a new password)', async () => {
    const { agent } = await agentWithTwoFactor();
    const challenge = signTwoFactorChallenge(agent, T0);
    expect(readTwoFactorChallenge(challenge, T0)).toEqual({ ok: true, agentId: agent.id, sessionVersion: agent.sessionVersion });
    expect(readTwoFactorChallenge(challenge.replace(`${agent.id}.`, `${agent.id + 1}.`), T0)).toEqual({ ok: false, reason: 'invalid' });
    resetTwoFactor(agent, systemActor);
    expect(signInWithSecondFactor({ challenge: signTwoFactorChallenge(agent), code: '123456' })).toEqual({ kind: 'refused', reason: 'challenge' });
  });

  it('an admin reset ends the sessions, is audited and emails the agent', async () => {
    const { agent } = await agentWithTwoFactor();
    const reset = resetTwoFactor(agent, systemActor);
    expect(reset.twoFactorEnabledAt).toBeNull();
    expect(reset.twoFactorSecret).toBeNull();
    expect(countUnusedRecoveryCodes(agent.id)).toBe(0);
    expect(isSessionCurrent(reset, agent.sessionVersion)).toBe(false);
    const mail = getDb().select().from(outbox).where(eq(outbox.toEmail, agent.email)).all();
    expect(mail.map((row) => [row.template, row.recipientKind, row.recipientId])).toEqual([['two_factor_reset', 'agent', agent.id]]);
    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, 'agent.two_factor_reset')).all();
    expect(audit.some((entry) => JSON.parse(entry.detail).agentId === agent.id)).toBe(true);
    expect((await appErrorFrom(() => resetTwoFactor(agent, systemActor))).code).toBe('conflict');
    // Signing in is back to the password alone.
    expect((await signInWithPassword({ email: agent.email, password, address: '198.51.100.21' })).kind).toBe('signed-in');
  });

  it('is turned off by the agent only with their current password or a code', async () => {
    const { agent, recoveryCodes } = await agentWithTwoFactor();
    expect((await appErrorFrom(() => disableTwoFactor(agent, {}, agentActor(agent)))).code).toBe('validation_failed');
    expect((await appErrorFrom(() => disableTwoFactor(agent, { password: 'not-the-password' }, agentActor(agent)))).fields).toEqual({ password: 'is not right' });
    await disableTwoFactor(agent, { code: recoveryCodes[3] }, agentActor(agent));
    const after = getAgentById({ id: agent.id })!;
    expect(after.twoFactorEnabledAt).toBeNull();
    expect(isSessionCurrent(after, agent.sessionVersion)).toBe(false);

    const second = await agentWithTwoFactor();
    await disableTwoFactor(second.agent, { password }, agentActor(second.agent));
    expect(getAgentById({ id: second.agent.id })!.twoFactorEnabledAt).toBeNull();
  });

  it('is required for everyone only by an admin who has it, and then holds agents without it', async () => {
    const admin = await createAgent({ email: `req-admin${++n}@team.test`, name: 'Req Admin', password, role: 'admin' }, systemActor);
    const refused = await appErrorFrom(() => updateSettings({ agent: admin, input: { requireTwoFactor: true } }));
    expect(refused.fields).toEqual({ requireTwoFactor: 'Set up two-factor sign-in for your own account first (Your account).' });
    beginTwoFactorSetup(admin);
    const secret = getAgentById({ id: admin.id })!.twoFactorPendingSecret!;
    confirmTwoFactorSetup(admin, codeAt(secret, T0), agentActor(admin), T0);
    const withTwoFactor = getAgentById({ id: admin.id })!;
    updateSettings({ agent: withTwoFactor, input: { requireTwoFactor: true } });
    const plain = await createAgent({ email: `req-agent${n}@team.test`, name: 'Req Agent', password }, systemActor);
    expect(mustSetUpTwoFactor(plain, getSettings())).toBe(true);
    expect(mustSetUpTwoFactor(withTwoFactor, getSettings())).toBe(false);
    updateSettings({ agent: withTwoFactor, input: { requireTwoFactor: false } });
    expect(mustSetUpTwoFactor(plain, getSettings())).toBe(false);
  });
});

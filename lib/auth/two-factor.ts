import 'server-only';
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import { agents, outbox, recoveryCodes, type Agent } from '@/db/schema';
import { getAgentById } from '@/lib/auth/agents';
import { hasTwoFactor } from '@/lib/auth/policy';
import { consumeRateLimit, resetRateLimit } from '@/lib/auth/rate-limit';
import { recordAudit, type AuditActor } from '@/lib/core/audit';
import { getDb, type DbOrTx } from '@/lib/core/db';
import { getAuthSecret } from '@/lib/core/env';
import { AppError, notFound } from '@/lib/core/errors';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';
import { getSettings } from '@/lib/core/settings';

// Two-factor sign-in for agents: TOTP (RFC 6238, 30-second steps, 6 digits) through otplib, plus ten single-use
// recovery codes. Every change to an agent's second factor bumps their session version, so all their sessions end.

const PERIOD_SECONDS = 30;
// A code of the step before or after the current one is accepted too (clocks of phones drift).
const TOLERANCE_SECONDS = PERIOD_SECONDS;
export const RECOVERY_CODE_COUNT = 10;
// How long the "password was right" challenge of a sign-in waits for its second factor.
const CHALLENGE_MS = 5 * 60_000;

const nextSessionVersion = { sessionVersion: sql`${agents.sessionVersion} + 1` };
const epochSeconds = (now: number) => Math.floor(now / 1000);

function totpStep(secret: string, code: string, now: number, afterStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = verifySync({
    secret,
    token,
    epoch: epochSeconds(now),
    period: PERIOD_SECONDS,
    epochTolerance: TOLERANCE_SECONDS,
  });
  // Compared here rather than through otplib's afterTimeStep, which throws when the stored step is ahead of the
  // clock (a clock set back).
  if (!result.valid || !('timeStep' in result)) return null;
  return afterStep === null || result.timeStep > afterStep ? result.timeStep : null;
}

// ---- Setting it up (on /account) ----

export type TwoFactorSetup = { secret: string; uri: string; qrCode: string };

/** Starts setting up: a new secret, kept aside until one code from it is entered. */
export function beginTwoFactorSetup(agent: Pick<Agent, 'id'>): void {
  const current = getAgentById({ id: agent.id });
  if (!current) throw notFound('Agent');
  if (hasTwoFactor(current)) throw new AppError('conflict', 'Two-factor sign-in is already on.');
  getDb().update(agents).set({ twoFactorPendingSecret: generateSecret() }).where(eq(agents.id, agent.id)).run();
}

export function cancelTwoFactorSetup(agent: Pick<Agent, 'id'>): void {
  getDb().update(agents).set({ twoFactorPendingSecret: null }).where(eq(agents.id, agent.id)).run();
}

/** What the setup page shows for a secret being set up: the QR code (an SVG data URL) and the secret as text. */
export async function twoFactorSetupFor(agent: Pick<Agent, 'email' | 'twoFactorPendingSecret'>): Promise<TwoFactorSetup | null> {
  const secret = agent.twoFactorPendingSecret;
  if (!secret) return null;
  const uri = generateURI({ issuer: getSettings().siteName, label: agent.email, secret, period: PERIOD_SECONDS });
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const hashRecoveryCode = (code: string) => createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
const normalizeRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** 16 characters of a 32-letter alphabet (80 bits), shown as XXXX-XXXX-XXXX-XXXX. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

function replaceRecoveryCodes(tx: DbOrTx, agentId: number): string[] {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.agentId, agentId)).run();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  tx.insert(recoveryCodes)
    .values(codes.map((code) => ({ agentId, codeHash: hashRecoveryCode(code) })))
    .run();
  return codes;
}

/**
 * Turns two-factor sign-in on once a code from the secret being set up is right; returns the recovery codes, shown
 * this once. Every session of the agent ends (this one too): they sign in again with a code.
 */
export function confirmTwoFactorSetup(agent: Pick<Agent, 'id' | 'email'>, code: string, actor: AuditActor, now = Date.now()): string[] {
  const current = getAgentById({ id: agent.id });
  if (!current) throw notFound('Agent');
  if (hasTwoFactor(current)) throw new AppError('conflict', 'Two-factor sign-in is already on.');
  if (!current.twoFactorPendingSecret) throw new AppError('conflict', 'Start the set-up again: there is no secret waiting for a code.');
  consumeRateLimit('twoFactorCode', String(agent.id), now);
  const step = totpStep(current.twoFactorPendingSecret, code, now, null);
  if (step === null) {
    throw new AppError('validation_failed', 'That code is not right. Enter the 6-digit code your app shows now.', { code: 'is not right' });
  }
  resetRateLimit('twoFactorCode', String(agent.id));
  return getDb().transaction((tx) => {
    tx.update(agents)
      .set({
        twoFactorSecret: current.twoFactorPendingSecret,
        twoFactorPendingSecret: null,
        twoFactorLastStep: step,
        twoFactorEnabledAt: new Date(now),
        ...nextSessionVersion,
      })
      .where(eq(agents.id, agent.id))
      .run();
    const codes = replaceRecoveryCodes(tx, agent.id);
    recordAudit(tx, { ticketId: null, actor, action: 'agent.two_factor_enabled', detail: { agentId: agent.id } });
    return codes;
  });
}

// ---- Using it ----

export type SecondFactorUsed = 'totp' | 'recovery';

/**
 * Checks a code from the agent's app or one of their recovery codes. A TOTP code is accepted once: the step it
 * belongs to is stored, and that step or an earlier one is refused afterwards (a replay within its window). A
 * recovery code is used up. Wrong codes are rate-limited per agent (a RateLimitError once there were too many).
 */
export function verifySecondFactor(agentId: number, code: string, now = Date.now()): SecondFactorUsed | null {
  consumeRateLimit('twoFactorCode', String(agentId), now);
  const used = useTotpCode(agentId, code, now) ?? useRecoveryCode(agentId, code, now);
  if (used) resetRateLimit('twoFactorCode', String(agentId));
  return used;
}

function useTotpCode(agentId: number, code: string, now: number): SecondFactorUsed | null {
  const agent = getAgentById({ id: agentId });
  if (!agent?.twoFactorSecret) return null;
  const step = totpStep(agent.twoFactorSecret, code, now, agent.twoFactorLastStep);
  if (step === null) return null;
  // Conditional on the stored step, so two requests racing with one code cannot both pass.
  const claimed = getDb()
    .update(agents)
    .set({ twoFactorLastStep: step })
    .where(and(eq(agents.id, agentId), or(isNull(agents.twoFactorLastStep), lt(agents.twoFactorLastStep, step))))
    .run();
  return claimed.changes === 1 ? 'totp' : null;
}

function useRecoveryCode(agentId: number, code: string, now: number): SecondFactorUsed | null {
  if (normalizeRecoveryCode(code).length !== 16) return null;
  const claimed = getDb()
    .update(recoveryCodes)
    .set({ usedAt: new Date(now) })
    .where(and(eq(recoveryCodes.agentId, agentId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .run();
  return claimed.changes === 1 ? 'recovery' : null;
}

export function countUnusedRecoveryCodes(agentId: number): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.agentId, agentId), isNull(recoveryCodes.usedAt)))
    .get()!.n;
}

// ---- Turning it off ----

function clearSecondFactor(tx: DbOrTx, agentId: number): void {
  tx.update(agents)
    .set({ twoFactorSecret: null, twoFactorPendingSecret: null, twoFactorLastStep: null, twoFactorEnabledAt: null, ...nextSessionVersion })
    .where(eq(agents.id, agentId))
    .run();
  tx.delete(recoveryCodes).where(eq(recoveryCodes.agentId, agentId)).run();
}

/** The agent turns it off themselves, proving it is them with their current password or a code. */
export async function disableTwoFactor(agent: Pick<Agent, 'id' | 'email'>, proof: { password?: string; code?: string }, actor: AuditActor, now = Date.now()): Promise<void> {
  const current = getAgentById({ id: agent.id });
  if (!current) throw notFound('Agent');
  if (!hasTwoFactor(current)) throw new AppError('conflict', 'Two-factor sign-in is already off.');
  const password = proof.password ?? '';
  const code = proof.code?.trim() ?? '';
  if (!password && !code) {
    throw new AppError('validation_failed', 'Enter your current password or a code to turn two-factor sign-in off.', { password: 'is required' });
  }
  let proven: boolean;
  if (code) {
    proven = verifySecondFactor(agent.id, code, now) !== null;
  } else {
    consumeRateLimit('twoFactorCode', String(agent.id), now);
    proven = await bcrypt.compare(password, current.passwordHash);
  }
  if (!proven) throw new AppError('validation_failed', code ? 'That code is not right or was already used.' : 'That password is not right.', code ? { code: 'is not right' } : { password: 'is not right' });
  resetRateLimit('twoFactorCode', String(agent.id));
  getDb().transaction((tx) => {
    clearSecondFactor(tx, agent.id);
    recordAudit(tx, { ticketId: null, actor, action: 'agent.two_factor_disabled', detail: { agentId: agent.id } });
  });
}

/**
 * An administrator (Admin → Agents) or the CLI removes an agent's second factor, e.g. after a lost phone: their
 * sessions end, the change is audited and the agent is emailed.
 */
export function resetTwoFactor({ id }: { id: number }, actor: AuditActor): Agent {
  const agent = getAgentById({ id });
  if (!agent) throw notFound('Agent');
  if (!hasTwoFactor(agent) && !agent.twoFactorPendingSecret) throw new AppError('conflict', `${agent.name} has no two-factor sign-in to reset.`);
  getDb().transaction((tx) => {
    clearSecondFactor(tx, id);
    recordAudit(tx, { ticketId: null, actor, action: 'agent.two_factor_reset', detail: { agentId: id } });
    tx.insert(outbox)
      .values({ ticketId: null, template: 'two_factor_reset', toEmail: agent.email, toName: agent.name, recipientKind: 'agent', recipientId: id })
      .run();
    nudgeOutboxWorker();
  });
  return getAgentById({ id })!;
}

// ---- The sign-in challenge between the password and the second factor ----

// `<agent id>.<session version>.<expires at ms>.<HMAC>`: says "this agent's password was right a moment ago". It is
// no session: only lib/auth/sign-in.ts accepts it, together with a right code, and a changed session version
// (password reset, deactivation, second factor changed) voids it.
const challengeMac = (payload: string) =>
  createHmac('sha256', getAuthSecret()).update(`parley-two-factor-challenge\0${payload}`).digest('base64url');

export function signTwoFactorChallenge(agent: Pick<Agent, 'id' | 'sessionVersion'>, now = Date.now()): string {
  const payload = `${agent.id}.${agent.sessionVersion}.${now + CHALLENGE_MS}`;
  return `${payload}.${challengeMac(payload)}`;
}

export type ChallengeCheck = { ok: true; agentId: number; sessionVersion: number } | { ok: false; reason: 'invalid' | 'expired' };

export function readTwoFactorChallenge(challenge: string, now = Date.now()): ChallengeCheck {
  const match = /^(\d{1,12})\.(\d{1,12})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(challenge);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, agentId, sessionVersion, expiresAt, mac] = match;
  const expected = Buffer.from(challengeMac(`${agentId}.${sessionVersion}.${expiresAt}`));
  if (!timingSafeEqual(expected, Buffer.from(mac))) return { ok: false, reason: 'invalid' };
  if (Number(expiresAt) <= now) return { ok: false, reason: 'expired' };
  return { ok: true, agentId: Number(agentId), sessionVersion: Number(sessionVersion) };
}

import 'server-only';
import crypto from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { agents, apiTokens, type Agent, type ApiToken } from '@/db/schema';
import { getAgentById } from '@/lib/auth/agents';
import { recordAudit, type AuditActor } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { AppError, notFound, validationError } from '@/lib/core/errors';

export const apiTokenInputSchema = z.object({
  agentId: z.number().int().positive(),
  label: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
});

/** Only the hash is stored: a copy of the database does not give anyone a working token. */
export const hashApiToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

const generateApiToken = () => `pk_${crypto.randomBytes(32).toString('base64url')}`;

/** Creates a token for an active agent; the token itself is returned here once and never again. */
export function createApiToken(input: { agentId: number; label: string }, actor: AuditActor): { token: string; row: ApiToken } {
  const parsed = apiTokenInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { agentId, label } = parsed.data;
  const agent = getAgentById({ id: agentId });
  if (!agent) throw notFound('Agent');
  if (!agent.active) throw new AppError('conflict', `${agent.email} is deactivated; activate the agent before creating a token.`);
  const token = generateApiToken();
  const row = getDb().transaction((tx) => {
    const created = tx.insert(apiTokens).values({ agentId, label, tokenHash: hashApiToken(token) }).returning().get();
    recordAudit(tx, { ticketId: null, actor, action: 'api_token.created', detail: { tokenId: created.id, agentId, label } });
    return created;
  });
  return { token, row };
}

export function listApiTokens() {
  return getDb()
    .select({
      id: apiTokens.id,
      label: apiTokens.label,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      agent: { id: agents.id, name: agents.name, email: agents.email, active: agents.active },
    })
    .from(apiTokens)
    .innerJoin(agents, eq(agents.id, apiTokens.agentId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

/** Revoking is immediate and final; revoking an already revoked token changes nothing. */
export function revokeApiToken({ id }: { id: number }, actor: AuditActor): ApiToken {
  const db = getDb();
  const existing = db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
  if (!existing) throw notFound('API token');
  if (existing.revokedAt) return existing;
  return db.transaction((tx) => {
    const revoked = tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning().get();
    recordAudit(tx, { ticketId: null, actor, action: 'api_token.revoked', detail: { tokenId: id, agentId: existing.agentId, label: existing.label } });
    return revoked;
  });
}

/** "Last used" is kept to the minute: a busy integration must not cost a database write per request. */
export const TOKEN_USE_RESOLUTION_MS = 60_000;

function recordTokenUse(token: ApiToken, now = new Date()) {
  if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < TOKEN_USE_RESOLUTION_MS) return;
  getDb().update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, token.id)).run();
}

/**
 * The agent behind an `Authorization: Bearer <token>` header, read fresh on every request so that revoked tokens
 * and deactivated agents stop working at once. Throws a 401 AppError otherwise.
 */
export function authenticateApiToken(authorizationHeader: string | null | undefined): Agent {
  const match = authorizationHeader ? /^Bearer\s+(\S+)$/i.exec(authorizationHeader.trim()) : null;
  if (!match) throw new AppError('unauthorized', 'Missing API token: send the header "Authorization: Bearer <token>".');
  const db = getDb();
  const row = db
    .select({ token: apiTokens, agent: agents })
    .from(apiTokens)
    .innerJoin(agents, eq(agents.id, apiTokens.agentId))
    .where(eq(apiTokens.tokenHash, hashApiToken(match[1])))
    .get();
  if (!row || row.token.revokedAt) throw new AppError('unauthorized', 'Invalid or revoked API token.');
  if (!row.agent.active) throw new AppError('unauthorized', 'The agent this API token belongs to is deactivated.');
  recordTokenUse(row.token);
  return row.agent;
}

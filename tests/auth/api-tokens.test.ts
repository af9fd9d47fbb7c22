import { desc, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { apiTokens, auditLog } from '@/db/schema';
import { createAgent, setAgentActive } from '@/lib/auth/agents';
import { authenticateApiToken, createApiToken, hashApiToken, listApiTokens, revokeApiToken, TOKEN_USE_RESOLUTION_MS } from '@/lib/auth/api-tokens';
import { agentActor, systemActor } from '@/lib/core/audit';
import { getDb } from '@/lib/core/db';
import { appErrorFrom } from '@/tests/support/helpers';

let counter = 0;
const newAgent = (role: 'admin' | 'agent' = 'agent') =>
  createAgent({ email: `token-agent-${++counter}@example.com`, name: `Agent ${counter}`, password: 'password-123', role }, systemActor);

const auditActions = (tokenId: number) =>
  getDb()
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .all()
    .filter((row) => JSON.parse(row.detail).tokenId === tokenId);

describe('createApiToken', () => {
  it('returns a pk_ token once and stores only its SHA-256 hash, with an audit entry', async () => {
    const admin = await newAgent('admin');
    const owner = await newAgent();
    const { token, row } = createApiToken({ agentId: owner.id, label: '  CRM sync ' }, agentActor(admin));

    expect(token).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(row).toMatchObject({ agentId: owner.id, label: 'CRM sync', lastUsedAt: null, revokedAt: null });
    const stored = getDb().select().from(apiTokens).where(eq(apiTokens.id, row.id)).get()!;
    expect(stored.tokenHash).toBe(hashApiToken(token));
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const [entry] = auditActions(row.id);
    expect(entry).toMatchObject({ ticketId: null, action: 'api_token.created', actorKind: 'agent', actorId: admin.id });
  });

  it('makes a different token every time', async () => {
    const owner = await newAgent();
    const a = createApiToken({ agentId: owner.id, label: 'one' }, systemActor);
    const b = createApiToken({ agentId: owner.id, label: 'two' }, systemActor);
    expect(a.token).not.toBe(b.token);
  });

  it('refuses an empty label, an unknown agent and a deactivated agent', async () => {
    const owner = await newAgent();
    expect((await appErrorFrom(() => createApiToken({ agentId: owner.id, label: '  ' }, systemActor))).code).toBe('validation_failed');
    const unknown = await appErrorFrom(() => createApiToken({ agentId: 999_999, label: 'x' }, systemActor));
    expect([unknown.code, unknown.message]).toEqual(['not_found', 'Agent not found.']);
    setAgentActive({ id: owner.id, active: false }, systemActor);
    expect((await appErrorFrom(() => createApiToken({ agentId: owner.id, label: 'x' }, systemActor))).code).toBe('conflict');
  });

  it('lists tokens with their agent, newest first', async () => {
    const owner = await newAgent();
    const { row } = createApiToken({ agentId: owner.id, label: 'listed' }, systemActor);
    const [first] = listApiTokens();
    expect(first).toMatchObject({ id: row.id, label: 'listed', agent: { id: owner.id, email: owner.email } });
  });
});

describe('authenticateApiToken', () => {
  it('returns the agent for a valid bearer token and records the time of use', async () => {
    const owner = await newAgent();
    const { token, row } = createApiToken({ agentId: owner.id, label: 'auth' }, systemActor);
    const before = Date.now();

    expect(authenticateApiToken(`Bearer ${token}`).id).toBe(owner.id);
    expect(authenticateApiToken(`bearer   ${token}`).id).toBe(owner.id);

    const used = getDb().select().from(apiTokens).where(eq(apiTokens.id, row.id)).get()!;
    expect(used.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('records use at most once a minute, so a busy token does not write on every request', async () => {
    const owner = await newAgent();
    const { token, row } = createApiToken({ agentId: owner.id, label: 'busy' }, systemActor);
    const lastUsed = () => getDb().select().from(apiTokens).where(eq(apiTokens.id, row.id)).get()!.lastUsedAt!.getTime();
    const start = new Date('2026-11-26T10:00:00Z').getTime();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(start);
      authenticateApiToken(`Bearer ${token}`);
      expect(lastUsed()).toBe(start);
      vi.setSystemTime(start + TOKEN_USE_RESOLUTION_MS - 1);
      authenticateApiToken(`Bearer ${token}`);
      expect(lastUsed()).toBe(start);
      vi.setSystemTime(start + TOKEN_USE_RESOLUTION_MS);
      authenticateApiToken(`Bearer ${token}`);
      expect(lastUsed()).toBe(start + TOKEN_USE_RESOLUTION_MS);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 401 for a missing, malformed or unknown token', async () => {
    const owner = await newAgent();
    const { token } = createApiToken({ agentId: owner.id, label: 'shape' }, systemActor);
    for (const header of [null, undefined, '', 'Bearer', `Basic ${token}`, token, `Bearer ${token}x`, 'Bearer pk_unknown', `XBearer ${token}`, `Bearer ${token} ${token}`]) {
      const error = await appErrorFrom(() => authenticateApiToken(header));
      expect(error.code).toBe('unauthorized');
      expect(error.status).toBe(401);
    }
  });

  it('says what is wrong: no token, an unknown one, or a deactivated agent', async () => {
    const owner = await newAgent();
    const { token } = createApiToken({ agentId: owner.id, label: 'messages' }, systemActor);
    expect((await appErrorFrom(() => authenticateApiToken(null))).message).toBe('Missing API token: send the header "Authorization: Bearer <token>".');
    expect((await appErrorFrom(() => authenticateApiToken('Bearer pk_unknown'))).message).toBe('Invalid or revoked API token.');
    setAgentActive({ id: owner.id, active: false }, systemActor);
    expect((await appErrorFrom(() => authenticateApiToken(`Bearer ${token}`))).message).toBe('The agent this API token belongs to is deactivated.');
    const refused = await appErrorFrom(() => createApiToken({ agentId: owner.id, label: 'x' }, systemActor));
    expect(refused.message).toBe(`${owner.email} is deactivated; activate the agent before creating a token.`);
  });

  it('accepts a header with whitespace around it', async () => {
    const owner = await newAgent();
    const { token } = createApiToken({ agentId: owner.id, label: 'padded' }, systemActor);
    expect(authenticateApiToken(`  Bearer ${token} \t`).id).toBe(owner.id);
  });

  it('stops accepting a revoked token at once; revoking again changes nothing', async () => {
    const admin = await newAgent('admin');
    const owner = await newAgent();
    const { token, row } = createApiToken({ agentId: owner.id, label: 'revoke me' }, systemActor);
    expect(authenticateApiToken(`Bearer ${token}`).id).toBe(owner.id);

    const revoked = revokeApiToken({ id: row.id }, agentActor(admin));
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await appErrorFrom(() => authenticateApiToken(`Bearer ${token}`))).code).toBe('unauthorized');

    revokeApiToken({ id: row.id }, agentActor(admin));
    expect(auditActions(row.id).map((entry) => [entry.action, JSON.parse(entry.detail)])).toEqual([
      ['api_token.revoked', { tokenId: row.id, agentId: owner.id, label: 'revoke me' }],
      ['api_token.created', { tokenId: row.id, agentId: owner.id, label: 'revoke me' }],
    ]);
  });

  it('refuses tokens of a deactivated agent at once, and accepts them again after reactivation', async () => {
    const owner = await newAgent();
    const { token } = createApiToken({ agentId: owner.id, label: 'deactivate' }, systemActor);

    setAgentActive({ id: owner.id, active: false }, systemActor);
    expect((await appErrorFrom(() => authenticateApiToken(`Bearer ${token}`))).code).toBe('unauthorized');

    setAgentActive({ id: owner.id, active: true }, systemActor);
    expect(authenticateApiToken(`Bearer ${token}`).id).toBe(owner.id);
  });
});

describe('revokeApiToken', () => {
  it('answers 404 for an unknown token', async () => {
    const error = await appErrorFrom(() => revokeApiToken({ id: 999_999 }, systemActor));
    expect([error.code, error.message]).toEqual(['not_found', 'API token not found.']);
  });
});

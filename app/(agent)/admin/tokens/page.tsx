import type { Metadata } from 'next';
import { DateTime } from '@/app/_components/date-time';
import { AccessDenied, Badge, Card, PageHeader, Table, Td } from '@/app/_components/ui';
import { listAgents } from '@/lib/auth/agents';
import { listApiTokens } from '@/lib/auth/api-tokens';
import { canManageApiTokens } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { CreateTokenForm, RevokeTokenButton } from './token-forms';

export const metadata: Metadata = { title: 'API tokens' };

export default async function ApiTokensPage() {
  const me = await requireAgent();
  if (!canManageApiTokens(me)) return <AccessDenied />;
  const tokens = listApiTokens();
  const activeAgents = listAgents()
    .filter((agent) => agent.active)
    .map(({ id, name, email }) => ({ id, name, email }));
  return (
    <>
      <PageHeader title="API tokens" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <Card className="overflow-x-auto">
          <Table columns={['Label', 'Agent', 'Created', 'Last used', 'Revoked']} empty={tokens.length === 0 && 'No API tokens yet.'}>
            {tokens.map((token) => (
              <tr key={token.id} className="align-top">
                <Td className="font-medium">{token.label}</Td>
                <Td>
                  {token.agent.name}
                  {token.agent.active ? null : (
                    <>
                      {' '}
                      <Badge tone="red">Deactivated</Badge>
                    </>
                  )}
                </Td>
                <Td>
                  <DateTime value={token.createdAt} />
                </Td>
                <Td>{token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : <span className="text-slate-400">Never</span>}</Td>
                <Td>
                  {token.revokedAt ? (
                    <span>
                      <Badge tone="red">Revoked</Badge> <DateTime value={token.revokedAt} />
                    </span>
                  ) : (
                    <RevokeTokenButton id={token.id} label={token.label} />
                  )}
                </Td>
              </tr>
            ))}
          </Table>
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New API token</h2>
          <CreateTokenForm agents={activeAgents} currentAgentId={me.id} />
        </Card>
      </div>
    </>
  );
}

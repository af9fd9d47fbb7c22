import type { Metadata } from 'next';
import { AccessDenied, Badge, Card, PageHeader } from '@/app/_components/ui';
import { listAgents } from '@/lib/agents';
import { listApiTokens } from '@/lib/api-tokens';
import { canManageApiTokens } from '@/lib/policy';
import { requireAgent } from '@/lib/session';
import { CreateTokenForm, RevokeTokenButton } from './token-forms';

export const metadata: Metadata = { title: 'API tokens' };

function DateTime({ value }: { value: Date | null }) {
  if (!value) return <span className="text-slate-400">Never</span>;
  return <time dateTime={value.toISOString()}>{value.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</time>;
}

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
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card className="overflow-x-auto">
          {tokens.length === 0 ? (
            <p className="text-sm text-slate-600">No API tokens yet.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-2 font-medium">Label</th>
                  <th scope="col" className="px-2 py-2 font-medium">Agent</th>
                  <th scope="col" className="px-2 py-2 font-medium">Created</th>
                  <th scope="col" className="px-2 py-2 font-medium">Last used</th>
                  <th scope="col" className="px-2 py-2 font-medium">Revoked</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((token) => (
                  <tr key={token.id} className="align-top">
                    <td className="px-2 py-2 font-medium">{token.label}</td>
                    <td className="px-2 py-2">
                      {token.agent.name}
                      {token.agent.active ? null : (
                        <>
                          {' '}
                          <Badge tone="red">Deactivated</Badge>
                        </>
                      )}
                    </td>
                    <td className="px-2 py-2">
                      <DateTime value={token.createdAt} />
                    </td>
                    <td className="px-2 py-2">
                      <DateTime value={token.lastUsedAt} />
                    </td>
                    <td className="px-2 py-2">
                      {token.revokedAt ? (
                        <span>
                          <Badge tone="red">Revoked</Badge> <DateTime value={token.revokedAt} />
                        </span>
                      ) : (
                        <RevokeTokenButton id={token.id} label={token.label} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New API token</h2>
          <CreateTokenForm agents={activeAgents} currentAgentId={me.id} />
        </Card>
      </div>
    </>
  );
}

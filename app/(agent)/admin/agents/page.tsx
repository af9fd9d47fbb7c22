import type { Metadata } from 'next';
import { AccessDenied, Badge, Card, PageHeader, Table, Td } from '@/app/_components/ui';
import { listAgents } from '@/lib/auth/agents';
import { canManageAgents, hasTwoFactor } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { AgentRowActions, CreateAgentForm } from './agent-forms';

export const metadata: Metadata = { title: 'Agents' };

export default async function AgentsPage() {
  const me = await requireAgent();
  if (!canManageAgents(me)) return <AccessDenied />;
  const agents = listAgents();
  return (
    <>
      <PageHeader title="Agents" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <Card className="overflow-x-auto">
          <Table columns={['Name', 'Email', 'Role', 'Status', 'Two-factor', 'Actions']}>
            {agents.map((agent) => (
              <tr key={agent.id} className="align-top">
                <Td className="font-medium">
                  {agent.name} {agent.id === me.id ? <span className="text-slate-500">(you)</span> : null}
                </Td>
                <Td>{agent.email}</Td>
                <Td>{agent.role === 'admin' ? 'Admin' : 'Agent'}</Td>
                <Td>{agent.active ? <Badge tone="emerald">Active</Badge> : <Badge tone="red">Deactivated</Badge>}</Td>
                <Td>{hasTwoFactor(agent) ? <Badge tone="emerald">On</Badge> : <Badge>Off</Badge>}</Td>
                <Td>
                  <AgentRowActions agent={{ id: agent.id, name: agent.name, active: agent.active, role: agent.role, twoFactor: hasTwoFactor(agent) }} isSelf={agent.id === me.id} />
                </Td>
              </tr>
            ))}
          </Table>
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New agent</h2>
          <CreateAgentForm />
        </Card>
      </div>
    </>
  );
}

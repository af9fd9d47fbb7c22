import type { Metadata } from 'next';
import { AccessDenied, Badge, Card, PageHeader } from '@/app/_components/ui';
import { listAgents } from '@/lib/agents';
import { canManageAgents } from '@/lib/policy';
import { requireAgent } from '@/lib/session';
import { AgentRowActions, CreateAgentForm } from './agent-forms';

export const metadata: Metadata = { title: 'Agents' };

export default async function AgentsPage() {
  const me = await requireAgent();
  if (!canManageAgents(me)) return <AccessDenied />;
  const agents = listAgents();
  return (
    <>
      <PageHeader title="Agents" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-2 font-medium">Name</th>
                <th scope="col" className="px-2 py-2 font-medium">Email</th>
                <th scope="col" className="px-2 py-2 font-medium">Role</th>
                <th scope="col" className="px-2 py-2 font-medium">Status</th>
                <th scope="col" className="px-2 py-2 font-medium">Actions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {agents.map((agent) => (
                <tr key={agent.id} className="align-top">
                  <td className="px-2 py-2 font-medium">
                    {agent.name} {agent.id === me.id ? <span className="text-slate-500">(you)</span> : null}
                  </td>
                  <td className="px-2 py-2">{agent.email}</td>
                  <td className="px-2 py-2">{agent.role === 'admin' ? 'Admin' : 'Agent'}</td>
                  <td className="px-2 py-2">
                    {agent.active ? <Badge tone="emerald">Active</Badge> : <Badge tone="red">Deactivated</Badge>}
                  </td>
                  <td className="px-2 py-2">
                    <AgentRowActions agent={{ id: agent.id, name: agent.name, active: agent.active }} isSelf={agent.id === me.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">New agent</h2>
          <CreateAgentForm />
        </Card>
      </div>
    </>
  );
}

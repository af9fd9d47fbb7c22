import type { Metadata } from 'next';
import { ScrollArea } from '@/app/_components/scroll-area';
import { DateTime } from '@/app/_components/date-time';
import { AccessDenied, Badge, Card, PageHeader, Table, Td } from '@/app/_components/ui';
import { listAgents } from '@/lib/auth/agents';
import { listOpenInvitations } from '@/lib/auth/invitations';
import { canManageAgents, hasTwoFactor } from '@/lib/auth/policy';
import { requireAgent } from '@/lib/auth/session';
import { AgentRowActions, CreateAgentForm, InvitationRowActions, InviteAgentForm } from './agent-forms';

export const metadata: Metadata = { title: 'Agents' };

export default async function AgentsPage() {
  const me = await requireAgent();
  if (!canManageAgents(me)) return <AccessDenied />;
  const agents = listAgents();
  const invitations = listOpenInvitations();
  return (
    <>
      <PageHeader title="Agents" />
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr] [&>*]:min-w-0">
        <Card>
          <ScrollArea label="Agents">
          <Table caption="Agents" columns={['Name', 'Email', 'Role', 'Status', 'Two-factor', 'Actions']}>
            {agents.map((agent) => (
              <tr key={agent.id} className="align-top">
                <Td className="min-w-[10rem] font-medium">
                  {agent.name} {agent.id === me.id ? <span className="text-slate-500">(you)</span> : null}
                </Td>
                <Td>{agent.email}</Td>
                <Td>{agent.role === 'admin' ? 'Admin' : 'Agent'}</Td>
                <Td>{agent.active ? <Badge tone="emerald">Active</Badge> : <Badge tone="red">Deactivated</Badge>}</Td>
                <Td>{hasTwoFactor(agent) ? <Badge tone="emerald">On</Badge> : <Badge>Off</Badge>}</Td>
                <Td>
                  <AgentRowActions agent={{ id: agent.id, name: agent.name, email: agent.email, active: agent.active, role: agent.role, twoFactor: hasTwoFactor(agent) }} isSelf={agent.id === me.id} />
                </Td>
              </tr>
            ))}
          </Table>
          </ScrollArea>
          <h2 className="mb-2 mt-6 text-lg font-semibold">Open invitations</h2>
          <ScrollArea label="Open invitations">
          <Table caption="Open invitations" columns={['Name', 'Email', 'Role', 'Link works until', 'Actions']} empty={invitations.length === 0 && 'No open invitations.'}>
            {invitations.map((invitation) => (
              <tr key={invitation.id} className="align-top">
                <Td className="font-medium">{invitation.name}</Td>
                <Td>{invitation.email}</Td>
                <Td>{invitation.role === 'admin' ? 'Admin' : 'Agent'}</Td>
                <Td>
                  <DateTime value={invitation.expiresAt} />
                </Td>
                <Td>
                  <InvitationRowActions invitation={{ id: invitation.id, email: invitation.email }} />
                </Td>
              </tr>
            ))}
          </Table>
          </ScrollArea>
        </Card>
        <div className="space-y-6">
          <Card>
            <h2 className="mb-4 text-lg font-semibold">Invite an agent</h2>
            <InviteAgentForm />
          </Card>
          <Card>
            <h2 className="mb-1 text-lg font-semibold">Add an agent with a password</h2>
            <p className="mb-4 text-sm text-slate-600">For when you hand over the password yourself; an invitation lets them choose it.</p>
            <CreateAgentForm />
          </Card>
        </div>
      </div>
    </>
  );
}

'use client';

import { ApplySelectForm } from '@/app/_components/apply-select';
import { Button } from '@/app/_components/ui';
import type { TicketPriority, TicketStatus } from '@/db/schema';
import { priorityLabels, statusLabels } from '@/lib/tickets/statuses';
import { assignAction, updatePriorityAction, updateStatusAction } from '../actions';

// The ticket's status, priority and assignee: each applies on change (app/_components/apply-select.tsx).

const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export function StatusForm({ ticketId, status }: { ticketId: number; status: TicketStatus }) {
  return <ApplySelectForm action={updateStatusAction} label="Status" name="status" value={status} options={optionsOf(statusLabels)} hidden={{ ticketId }} />;
}

export function PriorityForm({ ticketId, priority }: { ticketId: number; priority: TicketPriority }) {
  return <ApplySelectForm action={updatePriorityAction} label="Priority" name="priority" value={priority} options={optionsOf(priorityLabels)} hidden={{ ticketId }} />;
}

type AgentOption = { id: number; name: string; email: string };

export function AssigneeForm({
  ticketId,
  assignee,
  agents,
  me,
}: {
  ticketId: number;
  assignee: AgentOption | null;
  agents: AgentOption[];
  // The signed-in agent's id, for "Assign to me".
  me: number;
}) {
  // A deactivated assignee is no longer offered, but the select still shows who holds the ticket.
  const inactiveAssignee = assignee && !agents.some((agent) => agent.id === assignee.id) ? assignee : null;
  const options = [
    { value: '', label: 'Unassigned' },
    ...(inactiveAssignee ? [{ value: String(inactiveAssignee.id), label: `${inactiveAssignee.name} (${inactiveAssignee.email}, deactivated)` }] : []),
    ...agents.map((agent) => ({ value: String(agent.id), label: `${agent.name} (${agent.email})` })),
  ];
  return (
    <ApplySelectForm action={assignAction} label="Assignee" name="assigneeId" value={assignee ? String(assignee.id) : ''} options={options} hidden={{ ticketId }}>
      {assignee?.id === me ? null : (
        <Button type="submit" name="assignToMe" value="on" variant="secondary">
          Assign to me
        </Button>
      )}
    </ApplySelectForm>
  );
}

import type { AuthorKind, TicketPriority, TicketStatus } from '@/db/schema';
import { Badge } from '@/app/_components/ui';
import { priorityLabels, statusLabels } from '@/lib/tickets/statuses';

const statusTones = { new: 'indigo', open: 'emerald', hold: 'amber', closed: 'slate' } as const;

/** The status, and "Reopened" while a reopening by the customer or a participant waits for an agent. */
export function StatusBadge({ status, reopenedAt = null, mergedInto = null }: { status: TicketStatus; reopenedAt?: Date | null; mergedInto?: string | null }) {
  // A merged ticket is closed for good: lists and its page say where it went instead.
  if (mergedInto) return <Badge tone="slate">Merged into {mergedInto}</Badge>;
  return (
    <>
      <Badge tone={statusTones[status]}>{statusLabels[status]}</Badge>
      {reopenedAt ? (
        <>
          {' '}
          <Badge tone="red">Reopened</Badge>
        </>
      ) : null}
    </>
  );
}

const priorityTones = { low: 'slate', normal: 'slate', high: 'amber', urgent: 'red' } as const;

/** Normal is what most tickets are: lists mark only the others. */
export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return <Badge tone={priorityTones[priority]}>{priorityLabels[priority]} priority</Badge>;
}

/** A ticket's tags as small labels; each links to the list of tickets with that tag. */
export function TagList({ tags, label = 'Tags' }: { tags: string[]; label?: string }) {
  if (tags.length === 0) return null;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1">
      {tags.map((tag) => (
        <li key={tag}>
          <a href={`/tickets?tag=${encodeURIComponent(tag)}`} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-indigo-50 hover:text-indigo-800">
            {tag}
          </a>
        </li>
      ))}
    </ul>
  );
}

const roleLabels: Record<AuthorKind, string> = { agent: 'Agent', customer: 'Customer', participant: 'Participant' };
// Participants are sky, never the amber of private notes.
const roleTones = { agent: 'indigo', customer: 'slate', participant: 'sky' } as const;

/**
 * A person's one role on a ticket, shown the same everywhere: Customer (the requester, and colleagues of their
 * company replying under the same-company rule), Participant, Agent.
 */
export function RoleBadge({ role }: { role: AuthorKind }) {
  return <Badge tone={roleTones[role]}>{roleLabels[role]}</Badge>;
}

/** Who wrote a reply, as everyone sees it: participants' replies are always marked "Participant". */
export const AuthorBadge = ({ kind }: { kind: AuthorKind }) => <RoleBadge role={kind} />;

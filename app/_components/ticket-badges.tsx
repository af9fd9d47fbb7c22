import type { AuthorKind, TicketStatus } from '@/db/schema';
import { Badge } from '@/app/_components/ui';
import { statusLabels } from '@/lib/tickets/statuses';

const statusTones = { new: 'indigo', open: 'emerald', hold: 'amber', closed: 'slate' } as const;

/** The status, and "Reopened" while a reopening by the customer or a participant waits for an agent. */
export function StatusBadge({ status, reopenedAt = null }: { status: TicketStatus; reopenedAt?: Date | null }) {
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

const authorLabels: Record<AuthorKind, string> = { agent: 'Support', customer: 'Customer', participant: 'Participant' };
const authorTones = { agent: 'indigo', customer: 'slate', participant: 'amber' } as const;

/** Who wrote a reply, as everyone sees it: participants' replies are always marked "Participant". */
export function AuthorBadge({ kind }: { kind: AuthorKind }) {
  return <Badge tone={authorTones[kind]}>{authorLabels[kind]}</Badge>;
}

import 'server-only';
import { outbox } from '@/db/schema';
import type { Tx } from '@/lib/core/db';
import { nudgeOutboxWorker } from '@/lib/core/outbox-queue';

// Messages about a person rather than a ticket, queued in the same transaction as the change they report.

/**
 * Tells a customer's previous address that it was replaced: whoever reads that mailbox learns that their links
 * stopped working and whom to ask. Sent whatever their per-ticket mutes say.
 */
export function enqueueCustomerEmailChangedNotice(tx: Tx, { customerId, name, oldEmail }: { customerId: number; name: string; oldEmail: string }): void {
  tx.insert(outbox)
    .values({ ticketId: null, template: 'customer_email_changed', toEmail: oldEmail, toName: name, recipientKind: 'customer', recipientId: customerId })
    .run();
  nudgeOutboxWorker();
}

import type { Agent } from '@/db/schema';
import { listRefusedSendersOfTicket } from '@/lib/mail/inbound/admin';
import { getSettings } from '@/lib/core/settings';
import { RefusedSenderForms } from './refused-mail-forms';

/**
 * Near the top of the ticket page: email that was refused because its sender is not on this ticket, one line per
 * sender — "1 email from gina@acme.test was refused — add them and apply?" — with Add and apply, and Dismiss.
 * Nothing when there is none.
 */
export function RefusedMailBanner({ agent, ticket }: { agent: Agent; ticket: Parameters<typeof listRefusedSendersOfTicket>[0]['ticket'] }) {
  const senders = listRefusedSendersOfTicket({ agent, ticket });
  if (senders.length === 0) return null;
  const participantsEnabled = getSettings().participantsEnabled;
  return (
    <section aria-labelledby="refused-mail-heading" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 id="refused-mail-heading" className="sr-only">
        Refused email
      </h2>
      <ul className="space-y-4">
        {senders.map((sender) => (
          <li key={sender.email}>
            <p className="font-medium break-words">
              {sender.ids.length === 1 ? '1 email' : `${sender.ids.length} emails`} from {sender.email} {sender.ids.length === 1 ? 'was' : 'were'} refused
              {participantsEnabled ? ' — add them and apply?' : '.'}
            </p>
            <p className="mt-1 break-words text-amber-900">
              {sender.reason}
              {participantsEnabled ? '' : ' Turn on participants (Settings → Tickets) to add them.'}
            </p>
            <RefusedSenderForms ticketId={ticket.id} email={sender.email} count={sender.ids.length} canAdd={participantsEnabled} />
          </li>
        ))}
      </ul>
    </section>
  );
}

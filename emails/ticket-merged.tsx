import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To everyone who was on a ticket that an agent merged into another: their link to the ticket it now lives on.
export function TicketMergedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.ticket_merged} {...props} />;
}
TicketMergedEmail.PreviewProps = samplePropsFor('ticket_merged');

// To the customer and participants of a ticket split off from another: their fresh link to the new ticket.
export function TicketSplitEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.ticket_split} {...props} />;
}
TicketSplitEmail.PreviewProps = samplePropsFor('ticket_split');

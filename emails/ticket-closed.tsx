import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the customer and participants when the ticket is closed.
export default function TicketClosedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.ticket_closed} {...props} />;
}

TicketClosedEmail.PreviewProps = samplePropsFor('ticket_closed');

import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the customer when their ticket is created.
export default function TicketReceivedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.ticket_received} {...props} />;
}

TicketReceivedEmail.PreviewProps = samplePropsFor('ticket_received');

import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the customer when their ticket is created.
export default function TicketReceivedEmail(props: NotificationEmailProps) {
  return <NotificationEmail heading="We received your request" actionLabel="View your request" {...props} />;
}

TicketReceivedEmail.PreviewProps = samplePropsFor('ticket_received');

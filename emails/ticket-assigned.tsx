import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the agent a ticket was assigned to.
export default function TicketAssignedEmail(props: NotificationEmailProps) {
  return <NotificationEmail heading="Assigned to you" actionLabel="Open the ticket" {...props} />;
}

TicketAssignedEmail.PreviewProps = samplePropsFor('ticket_assigned', { external: false });

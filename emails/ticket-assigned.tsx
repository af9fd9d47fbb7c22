import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the agent a ticket was assigned to.
export default function TicketAssignedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.ticket_assigned} {...props} />;
}

TicketAssignedEmail.PreviewProps = samplePropsFor('ticket_assigned', { external: false });

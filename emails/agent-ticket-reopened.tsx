import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the agents who work a ticket when its customer or a participant reopens it through their link.
export default function AgentTicketReopenedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.agent_ticket_reopened} {...props} />;
}

AgentTicketReopenedEmail.PreviewProps = samplePropsFor('agent_ticket_reopened', { external: false });

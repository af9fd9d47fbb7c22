import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To agents when a ticket arrives.
export default function AgentNewTicketEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.agent_new_ticket} {...props} />;
}

AgentNewTicketEmail.PreviewProps = samplePropsFor('agent_new_ticket', { external: false });

import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To an agent's previous address once the new one took effect; it carries no link.
export default function AgentEmailChangedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.agent_email_changed} {...props} />;
}

AgentEmailChangedEmail.PreviewProps = samplePropsFor('agent_email_changed');

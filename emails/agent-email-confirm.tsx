import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the new address an agent gave: the change waits for its link.
export default function AgentEmailConfirmEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.agent_email_confirm} {...props} />;
}

AgentEmailConfirmEmail.PreviewProps = samplePropsFor('agent_email_confirm');

import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To someone an admin invited to join as an agent: their one-time link to choose a password.
export default function AgentInvitationEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.agent_invitation} {...props} />;
}

AgentInvitationEmail.PreviewProps = samplePropsFor('agent_invitation');

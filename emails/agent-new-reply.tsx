import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To agents when a customer or participant replies.
export default function AgentNewReplyEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.agent_new_reply} {...props} />;
}

AgentNewReplyEmail.PreviewProps = samplePropsFor('agent_new_reply', { external: false });

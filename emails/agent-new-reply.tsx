import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To agents when a customer or participant replies.
export default function AgentNewReplyEmail(props: NotificationEmailProps) {
  return <NotificationEmail heading="New reply" actionLabel="Open the ticket" {...props} />;
}

AgentNewReplyEmail.PreviewProps = samplePropsFor('agent_new_reply', { external: false });

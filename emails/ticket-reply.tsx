import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the customer and participants when someone else replies.
export default function TicketReplyEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.ticket_reply} {...props} />;
}

TicketReplyEmail.PreviewProps = samplePropsFor('ticket_reply');

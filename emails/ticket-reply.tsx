import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the customer and participants when someone else replies.
export default function TicketReplyEmail(props: NotificationEmailProps) {
  return <NotificationEmail heading="New reply on your ticket" actionLabel="Read and reply" {...props} />;
}

TicketReplyEmail.PreviewProps = samplePropsFor('ticket_reply');

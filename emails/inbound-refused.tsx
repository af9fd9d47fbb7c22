import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// The one automatic answer a day to someone whose email was refused (RFC 3834 auto-replied); it carries no link.
export default function InboundRefusedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.inbound_refused} {...props} />;
}

InboundRefusedEmail.PreviewProps = samplePropsFor('inbound_refused');

import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To a customer's previous address after an agent changed it; it carries no link.
export default function CustomerEmailChangedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.customer_email_changed} {...props} />;
}

CustomerEmailChangedEmail.PreviewProps = samplePropsFor('customer_email_changed');

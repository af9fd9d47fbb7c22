import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the customer and each participant of a ticket on hold, two days before the auto-close closes it.
export default function AutoCloseReminderEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.auto_close_reminder} {...props} />;
}

AutoCloseReminderEmail.PreviewProps = samplePropsFor('auto_close_reminder');

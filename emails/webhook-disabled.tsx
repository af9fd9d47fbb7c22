import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To every administrator when a webhook kept failing for 3 days and was turned off; it carries no link.
export default function WebhookDisabledEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.webhook_disabled} {...props} />;
}

WebhookDisabledEmail.PreviewProps = samplePropsFor('webhook_disabled');

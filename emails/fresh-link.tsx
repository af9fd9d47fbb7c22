import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To someone who asked for a fresh link to a ticket they are on.
export default function FreshLinkEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.fresh_link} {...props} />;
}

FreshLinkEmail.PreviewProps = samplePropsFor('fresh_link');

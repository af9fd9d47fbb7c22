import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the customer and each participant when an administrator replaced the ticket's links and chose to tell them.
export default function LinksRotatedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.links_rotated} {...props} />;
}

LinksRotatedEmail.PreviewProps = samplePropsFor('links_rotated');

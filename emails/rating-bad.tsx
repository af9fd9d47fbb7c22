import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the agent who closed a ticket, when the customer or a participant rates it "Not good".
export default function RatingBadEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.rating_bad} {...props} />;
}

RatingBadEmail.PreviewProps = samplePropsFor('rating_bad', { external: false });

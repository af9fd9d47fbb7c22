import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To a participant an agent removed; it carries no link.
export default function ParticipantRemovedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.participant_removed} {...props} />;
}

ParticipantRemovedEmail.PreviewProps = samplePropsFor('participant_removed');

import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To a person added as a participant, with their own link.
export default function ParticipantAddedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.participant_added} {...props} />;
}

ParticipantAddedEmail.PreviewProps = samplePropsFor('participant_added');

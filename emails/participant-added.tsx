import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To a person added as a participant, with their own link.
export default function ParticipantAddedEmail(props: NotificationEmailProps) {
  return <NotificationEmail heading="You were added to a ticket" actionLabel="Open the ticket" {...props} />;
}

ParticipantAddedEmail.PreviewProps = samplePropsFor('participant_added');

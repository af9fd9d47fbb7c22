import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the assignee (or the agents who may see an unassigned ticket): a service target is about to be missed, or was.
export function SlaWarningEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.sla_warning} {...props} />;
}
SlaWarningEmail.PreviewProps = samplePropsFor('sla_warning', { external: false });

export function SlaMissedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.sla_missed} {...props} />;
}
SlaMissedEmail.PreviewProps = samplePropsFor('sla_missed', { external: false });

// To the assignee (or the agents who may see an unassigned ticket): a snoozed ticket reopened by itself.
export function SnoozeEndedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.snooze_ended} {...props} />;
}
SnoozeEndedEmail.PreviewProps = samplePropsFor('snooze_ended', { external: false });

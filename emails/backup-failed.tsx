import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To every administrator, once, when a scheduled backup fails; it carries no link.
export default function BackupFailedEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.backup_failed} {...props} />;
}

BackupFailedEmail.PreviewProps = samplePropsFor('backup_failed');

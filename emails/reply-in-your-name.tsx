import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To the customer or participant a reply was attributed to, when someone else posted it through their own link.
export default function ReplyInYourNameEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.reply_in_your_name} {...props} />;
}

ReplyInYourNameEmail.PreviewProps = samplePropsFor('reply_in_your_name');

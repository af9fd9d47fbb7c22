import { emailLayouts } from './_layout/content';
import { NotificationEmail, samplePropsFor, type NotificationEmailProps } from './_layout/notification';

// To an agent whose second factor an administrator (or the CLI) removed; it carries no link.
export default function TwoFactorResetEmail(props: NotificationEmailProps) {
  return <NotificationEmail {...emailLayouts.two_factor_reset} {...props} />;
}

TwoFactorResetEmail.PreviewProps = samplePropsFor('two_factor_reset', { external: false });

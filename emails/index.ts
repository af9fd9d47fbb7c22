import type { TemplateKey } from '@/lib/core/outbox-queue';
import type { NotificationEmailProps } from './_layout/notification';
import AgentEmailChangedEmail from './agent-email-changed';
import AgentEmailConfirmEmail from './agent-email-confirm';
import AgentInvitationEmail from './agent-invitation';
import AgentNewReplyEmail from './agent-new-reply';
import AgentNewTicketEmail from './agent-new-ticket';
import AgentTicketReopenedEmail from './agent-ticket-reopened';
import AutoCloseReminderEmail from './auto-close-reminder';
import BackupFailedEmail from './backup-failed';
import CustomerEmailChangedEmail from './customer-email-changed';
import FreshLinkEmail from './fresh-link';
import InboundRefusedEmail from './inbound-refused';
import LinksRotatedEmail from './links-rotated';
import ParticipantAddedEmail from './participant-added';
import ParticipantRemovedEmail from './participant-removed';
import RatingBadEmail from './rating-bad';
import TicketAssignedEmail from './ticket-assigned';
import TicketClosedEmail from './ticket-closed';
import TicketReceivedEmail from './ticket-received';
import TicketReplyEmail from './ticket-reply';
import { TicketMergedEmail, TicketSplitEmail } from './ticket-merged';
import ReplyInYourNameEmail from './reply-in-your-name';
import TwoFactorResetEmail from './two-factor-reset';
import WebhookDisabledEmail from './webhook-disabled';
import { SlaMissedEmail, SlaWarningEmail, SnoozeEndedEmail } from './sla-alerts';

type EmailComponent = ((props: NotificationEmailProps) => React.ReactElement) & { PreviewProps: NotificationEmailProps };

/** The React Email component of each kind of message. */
export const emailComponents: Record<TemplateKey, EmailComponent> = {
  ticket_received: TicketReceivedEmail,
  agent_new_ticket: AgentNewTicketEmail,
  agent_new_reply: AgentNewReplyEmail,
  ticket_reply: TicketReplyEmail,
  reply_in_your_name: ReplyInYourNameEmail,
  ticket_closed: TicketClosedEmail,
  agent_ticket_reopened: AgentTicketReopenedEmail,
  ticket_assigned: TicketAssignedEmail,
  participant_added: ParticipantAddedEmail,
  participant_removed: ParticipantRemovedEmail,
  fresh_link: FreshLinkEmail,
  links_rotated: LinksRotatedEmail,
  customer_email_changed: CustomerEmailChangedEmail,
  backup_failed: BackupFailedEmail,
  agent_email_confirm: AgentEmailConfirmEmail,
  agent_email_changed: AgentEmailChangedEmail,
  agent_invitation: AgentInvitationEmail,
  two_factor_reset: TwoFactorResetEmail,
  sla_warning: SlaWarningEmail,
  sla_missed: SlaMissedEmail,
  snooze_ended: SnoozeEndedEmail,
  auto_close_reminder: AutoCloseReminderEmail,
  ticket_merged: TicketMergedEmail,
  ticket_split: TicketSplitEmail,
  inbound_refused: InboundRefusedEmail,
  rating_bad: RatingBadEmail,
  webhook_disabled: WebhookDisabledEmail,
};

export type { NotificationEmailProps };

import type { Agent, AuthorKind, ParticipantView, ReplyAudience, Ticket } from '@/db/schema';
import type { Settings } from '@/lib/core/settings';

// Every "may X do Y" in Parley is answered here; pages, actions, API handlers and inbound mail ask these.

type AgentLike = Pick<Agent, 'id' | 'role' | 'active'>;
type TicketLike = Pick<Ticket, 'assigneeId' | 'status'>;
type PolicySettings = Pick<Settings, 'restrictAgentsToAssigned' | 'customersCanReopen' | 'participantsEnabled'>;
type AddPeopleSettings = Pick<Settings, 'participantsEnabled' | 'participantsMayAddPeople'>;

export const isAdmin = (agent: AgentLike) => agent.active && agent.role === 'admin';

// ---- Two-factor sign-in ----

type TwoFactorLike = Pick<Agent, 'twoFactorEnabledAt'>;

export const hasTwoFactor = (agent: TwoFactorLike) => agent.twoFactorEnabledAt !== null;

/**
 * While admins require two-factor sign-in, an agent without it may do nothing but set it up on /account: every page
 * sends them there and every other server action refuses. API tokens are not sessions and are unaffected.
 */
export const mustSetUpTwoFactor = (agent: TwoFactorLike, settings: Pick<Settings, 'requireTwoFactor'>) =>
  settings.requireTwoFactor && !hasTwoFactor(agent);

/** Requiring it for everyone is for an admin who has it: otherwise the switch would send them away first. */
export const canRequireTwoFactor = (agent: AgentLike & TwoFactorLike) => isAdmin(agent) && hasTwoFactor(agent);

/** Removing another agent's second factor (a lost phone) is for admins, like a password reset. */
export const canResetTwoFactor = (agent: AgentLike) => isAdmin(agent);

/** Admins, and every agent unless agents are restricted to their own tickets, see every ticket. */
export function canViewEveryTicket(agent: AgentLike, settings: PolicySettings): boolean {
  return agent.active && (agent.role === 'admin' || !settings.restrictAgentsToAssigned);
}

/** Anyone else active sees the unassigned tickets and their own. */
export function canViewTicket(agent: AgentLike, ticket: TicketLike, settings: PolicySettings): boolean {
  if (!agent.active) return false;
  if (canViewEveryTicket(agent, settings)) return true;
  return ticket.assigneeId === null || ticket.assigneeId === agent.id;
}

/** Replying, notes, status, assignment and participants: whoever may see the ticket may work it. */
export const canWorkTicket = canViewTicket;

// ---- Merging and splitting tickets ----

type MergeableTicket = TicketLike & { id: number; mergedIntoId: number | null };

export type MergeCheck = { ok: true } | { ok: false; code: 'forbidden' | 'conflict' | 'validation_failed'; reason: string };

/**
 * Merging `source` into `target` (which the caller found by following `target`'s merges to its end, `targetChainEnd`):
 * both must be tickets the agent may work, two different ones, neither already merged. A merge cannot be undone.
 */
export function checkMerge(
  agent: AgentLike,
  source: MergeableTicket,
  target: MergeableTicket,
  settings: PolicySettings,
  names: { source: string; target: string; targetChainEnd?: string },
): MergeCheck {
  if (!canWorkTicket(agent, source, settings)) return { ok: false, code: 'forbidden', reason: `You may not change ${names.source}.` };
  if (source.id === target.id) return { ok: false, code: 'validation_failed', reason: 'A ticket cannot be merged into itself.' };
  if (source.mergedIntoId !== null) return { ok: false, code: 'conflict', reason: `${names.source} was already merged into another ticket.` };
  if (target.mergedIntoId !== null) {
    const end = names.targetChainEnd;
    return { ok: false, code: 'conflict', reason: `${names.target} was merged into ${end ?? 'another ticket'}; merge into ${end ?? 'that ticket'} instead.` };
  }
  if (!canWorkTicket(agent, target, settings)) return { ok: false, code: 'forbidden', reason: `You may not change ${names.target}.` };
  return { ok: true };
}

/** Splitting replies off into a new ticket is working the ticket; a merged ticket is read-only. */
export const canSplitTicket = (agent: AgentLike, ticket: MergeableTicket, settings: PolicySettings) =>
  ticket.mergedIntoId === null && canWorkTicket(agent, ticket, settings);

/** A merged ticket is closed and read-only: nothing is added to it or changed on it, by anyone. */
export const isReadOnlyTicket = (ticket: { mergedIntoId?: number | null }) => ticket.mergedIntoId != null;

/** Assigning to someone else is for agents who see everything; a restricted agent may only take or release. */
export function canAssignTicket(
  agent: AgentLike,
  ticket: TicketLike,
  assigneeId: number | null,
  settings: PolicySettings,
): boolean {
  if (!canWorkTicket(agent, ticket, settings)) return false;
  if (agent.role === 'admin' || !settings.restrictAgentsToAssigned) return true;
  return assigneeId === null || assigneeId === agent.id;
}

// ---- Who sees which reply: side replies and the per-participant view ----

/**
 * Who is looking: an agent (who may see the ticket: checked by canViewTicket), the ticket's customer, or a participant
 * with their view ('addressed': "sees only what is sent to them") and when they joined.
 */
export type ReplyViewer =
  | { kind: 'agent' }
  | { kind: 'customer'; id: number }
  | { kind: 'participant'; id: number; view: ParticipantView; joinedAt: Date };

/** What the answer depends on: the reply itself and, for a side reply, whom it was to. */
export type ReplyVisibilityFacts = {
  private: boolean;
  automatic: boolean;
  authorKind: AuthorKind;
  authorId: number | null;
  audience: ReplyAudience;
  recipients: { kind: 'customer' | 'participant'; personId: number }[];
  createdAt: Date;
};

/**
 * May this person see this reply — the one answer every route asks (personal page, its older pages and live poll,
 * attachment downloads through links, emails and what they quote, replies by email). Agents see everything. Outside
 * the team nobody sees private notes or automatic messages; a person always sees their own messages; a side reply
 * only its recipients; a reply to everyone everybody, except a participant who sees only what is sent to them: for
 * them, only replies to everyone sent since they joined.
 */
export function canPersonSeeReply(viewer: ReplyViewer, reply: ReplyVisibilityFacts): boolean {
  if (viewer.kind === 'agent') return true;
  if (reply.private || reply.automatic) return false;
  if (reply.authorKind === viewer.kind && reply.authorId === viewer.id) return true;
  if (reply.audience === 'chosen') return reply.recipients.some((r) => r.kind === viewer.kind && r.personId === viewer.id);
  if (viewer.kind === 'customer' || viewer.view === 'everything') return true;
  return reply.createdAt.getTime() >= viewer.joinedAt.getTime();
}

/** Choosing who a public reply goes to (a side reply) is working the ticket; notes are for the team and go to nobody. */
export const canChooseReplyRecipients = (isPrivate: boolean) => !isPrivate;

/** Marking a participant "sees only what is sent to them" (and back) is for agents who may work the ticket. */
export const canSetParticipantView = canWorkTicket;

// ---- Attachments ----

type AttachmentLike = { ticketId: number; removedAt: Date | null; onPrivateNote: boolean };

/** Agents fetch a file of any ticket they may see, private notes' files included; a removed file is gone for all. */
export function canAgentFetchAttachment(agent: AgentLike, ticket: TicketLike, attachment: AttachmentLike, settings: PolicySettings): boolean {
  return attachment.removedAt === null && canViewTicket(agent, ticket, settings);
}

/**
 * A customer or participant fetches a file only through a link that was accepted for this request (resolveAccessLink
 * checks it afresh each time) to the file's own ticket, and only a file of a reply they may see (never a private
 * note's, never a side reply's they were not part of).
 */
export function canLinkHolderFetchAttachment(
  link: { ticketId: number; viewer: ReplyViewer },
  attachment: Omit<AttachmentLike, 'onPrivateNote'> & { reply: ReplyVisibilityFacts },
): boolean {
  return attachment.removedAt === null && attachment.ticketId === link.ticketId && canPersonSeeReply(link.viewer, attachment.reply);
}

/** Whether a file is listed (with a link) in an email to this kind of recipient. */
export function canEmailAttachmentTo(recipientKind: 'agent' | 'customer' | 'participant', attachment: AttachmentLike): boolean {
  return attachment.removedAt === null && (recipientKind === 'agent' || !attachment.onPrivateNote);
}

/** Removing a file (it cannot be undone) is for admins who may see the ticket. */
export function canRemoveAttachment(agent: AgentLike, ticket: TicketLike, settings: PolicySettings): boolean {
  return isAdmin(agent) && canViewTicket(agent, ticket, settings);
}

export const canManageSettings = isAdmin;
export const canManageAgents = isAdmin;
export const canManageApiTokens = isAdmin;
export const canReadMailbox = isAdmin;
export const canRotateTicketLinks = isAdmin;
/** Renaming, merging and deleting tags changes every ticket that has them; adding and removing one is working a ticket. */
export const canManageTags = isAdmin;
export const canManageWebhooks = isAdmin;

type SavedViewLike = { ownerId: number; shared: boolean };
/** A saved view is its owner's, or the whole team's when shared; its tickets are still only those the agent may see. */
export const canUseSavedView = (agent: AgentLike, view: SavedViewLike) => agent.active && (view.shared || view.ownerId === agent.id);
/** Its owner removes it; a shared one, also an admin. */
export const canDeleteSavedView = (agent: AgentLike, view: SavedViewLike) => agent.active && (view.ownerId === agent.id || (view.shared && agent.role === 'admin'));
export const canManageCustomers = (agent: AgentLike) => agent.active;

// Saved replies are shared by the team: every agent uses them and adds new ones; the author edits or deletes their
// own, and admins may edit or delete any.
type SavedReplyLike = { createdByAgentId: number | null };
export const canUseSavedReplies = (agent: AgentLike) => agent.active;
export const canEditSavedReply = (agent: AgentLike, reply: SavedReplyLike) =>
  isAdmin(agent) || (agent.active && reply.createdByAgentId === agent.id);
export const canDeleteSavedReply = canEditSavedReply;
/**
 * A customer's email decides where their ticket links and notifications go, so changing it is for an agent who may
 * see every ticket of that customer (with restricted agents on, that usually means an admin).
 */
export function canChangeCustomerEmail(agent: AgentLike, customerTickets: TicketLike[], settings: PolicySettings): boolean {
  return canManageCustomers(agent) && customerTickets.every((ticket) => canViewTicket(agent, ticket, settings));
}

/** Agents who may see a ticket (for notifications when it is unassigned). */
export function agentsWhoMaySee<T extends AgentLike>(all: T[], ticket: TicketLike, settings: PolicySettings): T[] {
  return all.filter((agent) => canViewTicket(agent, ticket, settings));
}

// ---- People outside the team: customers, colleagues and participants, through access links ----

export type LinkHolderKind = 'customer' | 'participant';

export function canLinkHolderAccess(kind: LinkHolderKind, settings: PolicySettings): boolean {
  return kind === 'customer' || settings.participantsEnabled;
}

export function canLinkHolderClose(ticket: TicketLike): boolean {
  return ticket.status !== 'closed';
}

export function canLinkHolderReopen(ticket: TicketLike, settings: PolicySettings): boolean {
  return ticket.status === 'closed' && settings.customersCanReopen;
}

/** Leaving is for participants; the customer owns the ticket and cannot leave it. */
export const canLinkHolderLeave = (kind: LinkHolderKind) => kind === 'participant';

// ---- People bringing in people ----

/** At most this many people added through one personal link in a day (lib/auth/rate-limit.ts `linkAddPerson`). */
export const LINK_ADDITIONS_PER_DAY = 10;

/**
 * "Customers and participants may add people" (Settings → Tickets): the customer and every participant may add a
 * person through their personal link, while participants are enabled.
 */
export const canLinkHolderAddPeople = (_kind: LinkHolderKind, settings: AddPeopleSettings) =>
  settings.participantsEnabled && settings.participantsMayAddPeople;

/** Everyone on the ticket sees who else is on it (names, or the address without a name; never their links). */
export const canLinkHolderSeePeople = (_kind: LinkHolderKind, settings: Pick<Settings, 'participantsEnabled'>) => settings.participantsEnabled;

type AddedByLike = { addedByHolderKind: LinkHolderKind | null; addedByHolderId: number | null };

/** A customer or participant removes only the participants they added themselves, through their own link. */
export function canLinkHolderRemoveParticipant(holder: { kind: LinkHolderKind; id: number }, participant: AddedByLike, settings: AddPeopleSettings): boolean {
  return settings.participantsEnabled && participant.addedByHolderKind === holder.kind && participant.addedByHolderId === holder.id;
}

/** Agents who may work a ticket remove anyone on it but its customer. */
export const canAgentRemoveParticipant = (agent: AgentLike, ticket: TicketLike, settings: PolicySettings) => canWorkTicket(agent, ticket, settings);

/** "Cc'd, not on this ticket": an agent who may work the ticket adds or dismisses each person listed. */
export const canResolveCcCandidate = (agent: AgentLike, ticket: TicketLike, settings: PolicySettings) =>
  settings.participantsEnabled && canWorkTicket(agent, ticket, settings);

/**
 * Whether a reply says it was "sent through someone else's link": the person it is attributed to is not the holder
 * of the link it came through (the reply rule lets a participant type the customer's address, say).
 */
export const isSentThroughOthersLink = (holder: { kind: LinkHolderKind; id: number }, author: { kind: LinkHolderKind; id: number }) =>
  holder.kind !== author.kind || holder.id !== author.id;

export type ReplyEmailCheck =
  | { ok: true; as: 'customer'; customerId: number }
  | { ok: true; as: 'colleague'; customerId: number }
  | { ok: true; as: 'participant'; participantId: number }
  | { ok: false; reason: string };

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * The reply-form rule: the email entered must be the ticket's customer, a customer of the same company as the
 * ticket's customer, or (while participants are enabled) a participant of the ticket.
 */
export function checkReplyEmail(input: {
  email: string;
  ticketCustomer: { id: number; email: string; companyId: number | null };
  // The customer record for the entered address, if one exists.
  customerWithEmail: { id: number; companyId: number | null } | null;
  // Current (not removed) participants of the ticket.
  participants: { id: number; email: string }[];
  settings: PolicySettings;
}): ReplyEmailCheck {
  const email = normalizeEmail(input.email);
  if (email === '') return { ok: false, reason: 'Enter your email address.' };
  if (email === normalizeEmail(input.ticketCustomer.email)) {
    return { ok: true, as: 'customer', customerId: input.ticketCustomer.id };
  }
  const other = input.customerWithEmail;
  if (other && other.companyId !== null && other.companyId === input.ticketCustomer.companyId) {
    return { ok: true, as: 'colleague', customerId: other.id };
  }
  if (input.settings.participantsEnabled) {
    const participant = input.participants.find((p) => normalizeEmail(p.email) === email);
    if (participant) return { ok: true, as: 'participant', participantId: participant.id };
  }
  return {
    ok: false,
    reason:
      'This email address is not allowed to reply to this ticket. Use the address of the ticket’s customer, a colleague at the same company, or a participant of the ticket.',
  };
}

// ---- Inbound mail: who may add to a ticket by email ----

/**
 * What vouches for an email's sender. A From header proves nothing; only the signed reply+ address of a holder whose
 * link is still valid (checked before it matched), or a DMARC pass for the From domain vouched for by the team's own
 * receiving server, does.
 */
export type InboundTrust = 'reply-address' | 'authenticated' | 'none';

export function inboundTrustOf(input: { viaReplyAddress: boolean; dmarc: 'pass' | 'fail' | 'none' }): InboundTrust {
  if (input.dmarc === 'fail') return 'none';
  if (input.viaReplyAddress) return 'reply-address';
  return input.dmarc === 'pass' ? 'authenticated' : 'none';
}

/** A ticket number in the subject picks that ticket only for an authenticated sender who is on it. */
export const canPickTicketBySubject = (trust: InboundTrust) => trust === 'authenticated';

/** Adding people (the sender, or whom they wrote to) — and so emailing them a link — needs a trusted sender. */
export const canEmailAddPeople = (trust: InboundTrust) => trust !== 'none';

/** At most this many people join a ticket from one message, the sender included. */
export const PEOPLE_ADDED_PER_MESSAGE = 10;

const ROBOT_LOCAL_PART = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?|notifications?)([-+._].*)?$/i;
const LIST_LOCAL_PART = /(^|[-_.])(list|lists|listserv|majordomo|announce)$|-l$/i;
const LIST_DOMAIN = /^(lists?|listserv|groups)\.|(^|\.)googlegroups\.com$/i;

/**
 * An address that looks like a mailing list or a robot: `noreply`, `no-reply`, `mailer-daemon` and the like,
 * `…-list@`, `…@lists.…`, a Google group — or one whose earlier mail to Parley carried List-Id or Precedence headers.
 */
export function looksLikeListOrRobot(email: string, sentListMailBefore: boolean): boolean {
  if (sentListMailBefore) return true;
  const address = normalizeEmail(email);
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return ROBOT_LOCAL_PART.test(local) || LIST_LOCAL_PART.test(local) || LIST_DOMAIN.test(domain);
}

export type CopiedPersonDecision = { action: 'add' } | { action: 'list'; reason: 'not-allowed' | 'limit' | 'list-or-robot' | 'removed' | 'untrusted' };

/**
 * Someone the customer or a participant put in To/Cc who is not on the ticket (Parley's own addresses and the
 * blocklist are left out before this). Added only while participants are on, the message is trusted, and both
 * "Add email senders as participants" and "Customers and participants may add people" are on (Cc'ing someone is the
 * sender adding them) — and never a list or a
 * robot, someone removed from the ticket (or who left it), or past the `room` left from one message. Everyone not
 * added is listed for the agents as "Cc'd, not on this ticket".
 */
export function decideCopiedPerson(input: {
  listOrRobot: boolean;
  removedFromTicket: boolean;
  trust: InboundTrust;
  room: number;
  settings: Pick<Settings, 'participantsEnabled' | 'autoAddParticipants' | 'participantsMayAddPeople'>;
}): CopiedPersonDecision {
  const { settings } = input;
  if (input.removedFromTicket) return { action: 'list', reason: 'removed' };
  if (!settings.participantsEnabled || !settings.autoAddParticipants || !settings.participantsMayAddPeople) return { action: 'list', reason: 'not-allowed' };
  if (input.listOrRobot) return { action: 'list', reason: 'list-or-robot' };
  if (!canEmailAddPeople(input.trust)) return { action: 'list', reason: 'untrusted' };
  if (input.room <= 0) return { action: 'list', reason: 'limit' };
  return { action: 'add' };
}

export type InboundSenderDecision =
  | { action: 'reply'; check: Extract<ReplyEmailCheck, { ok: true }> }
  | { action: 'add-participant' }
  | { action: 'refuse'; reason: string };

/**
 * The reply-form rule, applied to the From address of an email. A sender whose mail failed DMARC at the team's own
 * server counts as unknown (and is never added); Parley's own addresses and the blocklist are refused outright.
 * An unknown sender becomes a participant only while participants and "add senders as participants" are both on, the
 * message is trusted (InboundTrust), and they were not removed from this ticket (only an agent adds them again).
 */
export function decideInboundSender(input: {
  email: string;
  excluded: false | 'own-address' | 'blocklist';
  dmarcFailed: boolean;
  trust: InboundTrust;
  removedFromTicket: boolean;
  // The sender looks like a mailing list or a robot (looksLikeListOrRobot): never added.
  listOrRobot?: boolean;
  ticketCustomer: { id: number; email: string; companyId: number | null };
  customerWithEmail: { id: number; companyId: number | null } | null;
  participants: { id: number; email: string }[];
  settings: PolicySettings & Pick<Settings, 'autoAddParticipants'>;
}): InboundSenderDecision {
  if (input.excluded === 'own-address') return { action: 'refuse', reason: 'The message was sent from one of Parley’s own addresses.' };
  if (input.excluded === 'blocklist') return { action: 'refuse', reason: 'The sender is on the blocklist (Settings → Emails).' };
  if (input.dmarcFailed) return { action: 'refuse', reason: 'DMARC failed: the receiving server could not verify that the sender sent this message.' };
  const check = checkReplyEmail(input);
  if (check.ok) return { action: 'reply', check };
  if (input.settings.participantsEnabled && input.settings.autoAddParticipants) {
    if (input.removedFromTicket) return { action: 'refuse', reason: 'The sender was removed from this ticket; only an agent can add them again.' };
    if (input.listOrRobot) return { action: 'refuse', reason: 'The sender looks like a mailing list or an automatic sender, so they were not added.' };
    if (canEmailAddPeople(input.trust)) return { action: 'add-participant' };
    return {
      action: 'refuse',
      reason: 'The sender is not on the ticket and nothing vouches for them (no valid reply address of theirs, no DMARC pass from your receiving server), so they were not added.',
    };
  }
  return {
    action: 'refuse',
    reason: input.settings.participantsEnabled
      ? 'The sender is not the ticket’s customer, a colleague at the same company, or a participant, and “Add email senders as participants” is off.'
      : 'The sender is not the ticket’s customer or a colleague at the same company (participants are turned off).',
  };
}

// ---- Inbound mail that waits for a person (Admin → Inbound, the ticket page) ----

/**
 * Admin → Inbound (its list, add and apply, retry, dismiss) and its "needs attention" count in the navigation: every
 * message received, whatever its ticket.
 */
export const canSeeInboundMail = isAdmin;

/**
 * "1 email from gina@… was refused — add her and apply?" on a ticket: whoever may work the ticket may add people to
 * it by hand, so they may also add a refused sender and apply the message, or dismiss it.
 */
export const canDecideRefusedMail = (agent: AgentLike, ticket: TicketLike, settings: PolicySettings) => canWorkTicket(agent, ticket, settings);

/** A new ticket by email: anyone but Parley itself, the blocklist and senders whose mail failed DMARC. */
export function decideInboundNewTicket(input: { excluded: false | 'own-address' | 'blocklist'; dmarcFailed: boolean }): { ok: true } | { ok: false; reason: string } {
  if (input.excluded === 'own-address') return { ok: false, reason: 'The message was sent from one of Parley’s own addresses.' };
  if (input.excluded === 'blocklist') return { ok: false, reason: 'The sender is on the blocklist (Settings → Emails).' };
  if (input.dmarcFailed) return { ok: false, reason: 'DMARC failed: the receiving server could not verify that the sender sent this message.' };
  return { ok: true };
}

import { relations, sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

// Times are stored as integer milliseconds since the epoch (mode 'timestamp_ms').
const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date());

export const agents = sqliteTable(
  'agents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Stored lower-cased; uniqueness is therefore case-insensitive.
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['admin', 'agent'] }).notNull().default('agent'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    // Carried in every session; bumping it (password reset, role change, "sign out everywhere") ends them all at once.
    sessionVersion: integer('session_version').notNull().default(1),
    // Appended to the emails of their replies (each reply may change it); /account edits it.
    signature: text('signature').notNull().default(''),
    // False for the first admin, made by `npm start` with a placeholder name: they are asked once to set their own.
    profileReviewed: integer('profile_reviewed', { mode: 'boolean' }).notNull().default(true),
    // Two-factor sign-in (TOTP, lib/auth/two-factor.ts): the confirmed secret, set with twoFactorEnabledAt; the secret
    // being set up (shown as a QR code until one code confirms it); the last time step accepted, so no code counts twice.
    twoFactorSecret: text('two_factor_secret'),
    twoFactorPendingSecret: text('two_factor_pending_secret'),
    twoFactorLastStep: integer('two_factor_last_step'),
    twoFactorEnabledAt: integer('two_factor_enabled_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('agents_email_unique').on(t.email)],
);

// An invitation to join as an agent: a one-time link (lib/auth/invitations.ts) lets the invited person choose their
// password. Resending moves the expiry, which voids the earlier link; accepted and revoked ones stay for the record.
export const agentInvitations = sqliteTable(
  'agent_invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Stored lower-cased.
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'agent'] }).notNull().default('agent'),
    invitedByAgentId: integer('invited_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('agent_invitations_email_idx').on(t.email)],
);

// Single-use recovery codes for two-factor sign-in, ten per agent, shown once; only their SHA-256 is kept.
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('recovery_codes_hash_unique').on(t.codeHash), index('recovery_codes_agent_idx').on(t.agentId)],
);

// Fixed-window attempt counters (lib/auth/rate-limit.ts), in the database so every serving process shares them.
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    // What is limited ("signInAddress", "signInAccount", …) and whose attempts: an address, an email, an agent id.
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    count: integer('count').notNull(),
    resetAt: integer('reset_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] }), index('rate_limits_reset_idx').on(t.resetAt)],
);

export const companies = sqliteTable(
  'companies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('companies_name_unique').on(sql`lower(${t.name})`)],
);

// A company's email domains: a new customer whose address has one joins the company (lib/people/companies.ts);
// free-mail domains are refused. One company per domain.
export const companyDomains = sqliteTable(
  'company_domains',
  {
    domain: text('domain').primaryKey(),
    companyId: integer('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
  },
  (t) => [index('company_domains_company_idx').on(t.companyId)],
);

export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Stored lower-cased; uniqueness is therefore case-insensitive.
    email: text('email').notNull(),
    name: text('name').notNull(),
    companyId: integer('company_id').references(() => companies.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('customers_email_unique').on(t.email),
    index('customers_company_idx').on(t.companyId),
    // The customers list's order: walking it needs no sort however many customers there are.
    index('customers_list_order_idx').on(sql`lower(${t.name})`, t.email),
  ],
);

export const ticketStatuses = ['new', 'open', 'hold', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: integer('number').notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: ticketStatuses }).notNull().default('new'),
    priority: text('priority', { enum: ticketPriorities }).notNull().default('normal'),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    assigneeId: integer('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
    // Part of every access link's signature: bumping it revokes all links of the ticket at once.
    linkVersion: integer('link_version').notNull().default(1),
    // The customer's links are signed with this one instead: changing the customer's email bumps it alone, so the
    // participants' links keep working. Rotation bumps both.
    customerLinkVersion: integer('customer_link_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
    lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
    // Set when the customer or a participant reopens the ticket through their link, until an agent replies or changes
    // its status: lists mark it so the reopening does not go unseen.
    reopenedAt: integer('reopened_at', { mode: 'timestamp_ms' }),
    // Kept by the background thread from the ticket's history (lib/tickets/service-levels.ts): the earliest due time
    // of a target still running (lists sort by it), and when the next "about to be missed"/"missed" email is owed.
    slaDueAt: integer('sla_due_at', { mode: 'timestamp_ms' }),
    slaAlertAt: integer('sla_alert_at', { mode: 'timestamp_ms' }),
    // On hold until then (snooze): the background thread reopens it and tells the assignee (lib/tickets/snooze.ts).
    snoozedUntil: integer('snoozed_until', { mode: 'timestamp_ms' }),
    // Since when it is on hold (null otherwise), and when the customer and participants were told it will be closed
    // for it: the background thread's auto-close reads both (lib/tickets/auto-close.ts).
    onHoldSince: integer('on_hold_since', { mode: 'timestamp_ms' }),
    autoCloseRemindedAt: integer('auto_close_reminded_at', { mode: 'timestamp_ms' }),
    // Merged into that ticket (lib/tickets/merge.ts): closed and read-only from then on; its conversation, files and
    // people live on there, and its links, reply addresses and Message-IDs lead there. A merge is never undone.
    mergedIntoId: integer('merged_into_id').references((): AnySQLiteColumn => tickets.id),
    mergedAt: integer('merged_at', { mode: 'timestamp_ms' }),
    // When the last change was a side reply, its time, and the ticket's updatedAt before the side replies since the
    // last shared change: a personal page's version (lib/participants/link-poll.ts) does not move for a side reply to
    // someone else, so nothing on their page hints at it.
    sideReplyAt: integer('side_reply_at', { mode: 'timestamp_ms' }),
    updatedBeforeSideAt: integer('updated_before_side_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('tickets_merged_into_idx').on(t.mergedIntoId),
    uniqueIndex('tickets_number_unique').on(t.number),
    index('tickets_sla_due_idx').on(t.slaDueAt),
    index('tickets_created_idx').on(t.createdAt),
    // "Priority" sort: urgent first, then by activity.
    index('tickets_priority_rank_idx').on(sql`(case ${t.priority} when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end)`, t.lastActivityAt),
    index('tickets_sla_alert_idx').on(t.slaAlertAt),
    index('tickets_snoozed_idx').on(t.snoozedUntil),
    index('tickets_activity_idx').on(t.lastActivityAt),
    index('tickets_status_activity_idx').on(t.status, t.lastActivityAt),
    index('tickets_assignee_activity_idx').on(t.assigneeId, t.lastActivityAt),
    index('tickets_customer_idx').on(t.customerId),
    // Lists filtered by priority, newest activity first.
    index('tickets_priority_activity_idx').on(t.priority, t.lastActivityAt),
    // Live updates ask "what changed since?" (lib/tickets/live.ts).
    index('tickets_updated_idx').on(t.updatedAt),
    // The newest change among the unassigned tickets and among one agent's (a restricted agent's live list version).
    index('tickets_assignee_updated_idx').on(t.assigneeId, t.updatedAt),
  ],
);

// Tags: a team-wide vocabulary; names are stored lower-case (lib/tickets/tags.ts) and unique.
export const tags = sqliteTable(
  'tags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tags_name_unique').on(t.name)],
);

export const ticketTags = sqliteTable(
  'ticket_tags',
  {
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
  },
  // (tag, ticket) lists a tag's tickets; (ticket) reads a ticket's tags and serves the foreign key.
  (t) => [primaryKey({ columns: [t.tagId, t.ticketId] }), index('ticket_tags_ticket_idx').on(t.ticketId)],
);

export const serviceTargets = ['firstResponse', 'nextResponse', 'resolution'] as const;

// Met or missed, once per target and cycle (a next-response cycle starts at each unanswered customer message), for reports.
export const serviceLevelOutcomes = sqliteTable(
  'service_level_outcomes',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    target: text('target', { enum: serviceTargets }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }),
    outcome: text('outcome', { enum: ['met', 'missed'] }).notNull(),
    recordedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.target, t.startedAt] })],
);

// The "about to be missed" and "missed" emails already sent: inserting the row is the claim that sends one, once.
export const serviceLevelAlerts = sqliteTable(
  'service_level_alerts',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    target: text('target', { enum: serviceTargets }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    kind: text('kind', { enum: ['warning', 'missed'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.target, t.startedAt, t.kind] })],
);

// Saved views: a named set of list filters (JSON, lib/tickets/views.ts), the agent's own or shared with the team.
export const savedViews = sqliteTable(
  'saved_views',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    shared: integer('shared', { mode: 'boolean' }).notNull().default(false),
    query: text('query').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('saved_views_owner_idx').on(t.ownerId), index('saved_views_shared_idx').on(t.shared)],
);

// Where a background job stands in a table it follows (the service-level job: tickets changed since).
export const jobCursors = sqliteTable('job_cursors', {
  name: text('name').primaryKey(),
  at: integer('at').notNull().default(0),
  id: integer('id').notNull().default(0),
});

export const authorKinds = ['agent', 'customer', 'participant'] as const;
export type AuthorKind = (typeof authorKinds)[number];

export const replyAudiences = ['everyone', 'chosen'] as const;
export type ReplyAudience = (typeof replyAudiences)[number];

export const replies = sqliteTable(
  'replies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    private: integer('private', { mode: 'boolean' }).notNull().default(false),
    authorKind: text('author_kind', { enum: authorKinds }).notNull(),
    // The id in the table matching authorKind (agents, customers or participants).
    authorId: integer('author_id'),
    authorEmail: text('author_email').notNull(),
    authorName: text('author_name').notNull(),
    source: text('source', { enum: ['web', 'email', 'api'] }).notNull().default('web'),
    // Auto-replies and bounces received by email: kept for agents, never notified, never shown to customers.
    automatic: integer('automatic', { mode: 'boolean' }).notNull().default(false),
    // An agent's signature as sent with this reply (their profile's, or what they typed in the reply box); emails only.
    signature: text('signature').notNull().default(''),
    // The inbound message a reply by email came from ("Show original").
    inboundMessageId: integer('inbound_message_id').references((): AnySQLiteColumn => inboundMessages.id, { onDelete: 'set null' }),
    // The ticket this reply was first written on, when a merge brought it here ("from #1002"); kept through later merges.
    fromTicketId: integer('from_ticket_id').references((): AnySQLiteColumn => tickets.id),
    // Set when the reply came through the personal link of someone other than its named author ("Carol Chen, sent
    // through Frank Li's link"): the link holder as they were at that moment.
    viaKind: text('via_kind', { enum: ['customer', 'participant'] }),
    viaId: integer('via_id'),
    viaEmail: text('via_email'),
    viaName: text('via_name'),
    // Who outside the team a public reply is for: everyone on the ticket, or only the people in reply_recipients
    // (a side reply). lib/auth/policy.ts canPersonSeeReply decides from it who sees the reply, by every route.
    audience: text('audience', { enum: replyAudiences }).notNull().default('everyone'),
    createdAt: createdAt(),
  },
  (t) => [index('replies_ticket_idx').on(t.ticketId, t.createdAt)],
);

// Who each person of a merged ticket became on the ticket it was merged into: their old link, reply+ address and
// unsubscribe token name the merged ticket and are checked against it first (its frozen link versions, a participant
// removed before the merge stays removed), then lead to this person on the target, as long as the target's link
// version is still the one of the merge (rotating the target's links ends them too) and that person is still on it.
export const mergedPeople = sqliteTable(
  'merged_people',
  {
    sourceTicketId: integer('source_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    holderKind: text('holder_kind', { enum: ['customer', 'participant'] }).notNull(),
    holderId: integer('holder_id').notNull(),
    targetTicketId: integer('target_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    targetKind: text('target_kind', { enum: ['customer', 'participant'] }).notNull(),
    targetId: integer('target_id').notNull(),
    targetVersion: integer('target_version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceTicketId, t.holderKind, t.holderId] })],
);

// The people a side reply (audience 'chosen') is for: the ticket's customer and/or some participants.
export const replyRecipients = sqliteTable(
  'reply_recipients',
  {
    replyId: integer('reply_id')
      .notNull()
      .references(() => replies.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['customer', 'participant'] }).notNull(),
    // The customer's or the participant's id.
    personId: integer('person_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.replyId, t.kind, t.personId] })],
);

export const participantViews = ['everything', 'addressed'] as const;
export type ParticipantView = (typeof participantViews)[number];

export const participants = sqliteTable(
  'participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    // Stored lower-cased.
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    // Set when the participant is a known customer; guests have none and stay guests.
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    addedByAgentId: integer('added_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    // Set when the customer or a participant added them through their personal link ("added by Pat (customer)"):
    // who (the customer's id, or the adding participant's id) and their name at that moment. They may remove them.
    addedByHolderKind: text('added_by_holder_kind', { enum: ['customer', 'participant'] }),
    addedByHolderId: integer('added_by_holder_id'),
    addedByHolderName: text('added_by_holder_name'),
    // 'everything': the whole public conversation; 'addressed' ("sees only what is sent to them"): their own messages,
    // side replies to them and replies to everyone sent since they joined.
    view: text('view', { enum: participantViews }).notNull().default('everything'),
    // Removed rows are kept for history; a removed participant's id never becomes valid again.
    removedAt: integer('removed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('participants_active_unique')
      .on(t.ticketId, t.email)
      .where(sql`${t.removedAt} is null`),
    index('participants_email_idx').on(t.email),
  ],
);

// Who asked not to be emailed about one ticket (RFC 8058 one-click unsubscribe); access is unaffected.
export const notificationMutes = sqliteTable(
  'notification_mutes',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.email] })],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  // JSON-encoded value; lib/core/settings.ts owns the schema and the defaults.
  value: text('value').notNull(),
});

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    // SHA-256 of the token; the token itself is shown once and never stored.
    tokenHash: text('token_hash').notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), index('api_tokens_agent_idx').on(t.agentId)],
);

export const actorKinds = ['agent', 'customer', 'participant', 'system'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    actorKind: text('actor_kind', { enum: actorKinds }).notNull(),
    actorId: integer('actor_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    // JSON object with the action's particulars.
    detail: text('detail').notNull().default('{}'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_ticket_idx').on(t.ticketId, t.createdAt)],
);

// Domain events, written in the same transaction as the change they describe.
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    // JSON object; lib/tickets/events.ts owns its shape per type.
    payload: text('payload').notNull().default('{}'),
    createdAt: createdAt(),
  },
  (t) => [index('events_ticket_idx').on(t.ticketId)],
);

export const outboxStatuses = ['pending', 'sent', 'failed'] as const;

// Transactional outbox: one row per message per recipient, rendered and sent by the worker.
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id').references(() => events.id, { onDelete: 'set null' }),
    ticketId: integer('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    template: text('template').notNull(),
    toEmail: text('to_email').notNull(),
    toName: text('to_name').notNull().default(''),
    recipientKind: text('recipient_kind', { enum: ['agent', 'customer', 'participant'] }).notNull(),
    recipientId: integer('recipient_id'),
    // JSON: what the template needs beyond the ticket (reply id, etc.).
    payload: text('payload').notNull().default('{}'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_ticket_idx').on(t.ticketId),
    // Inserting or deleting an event looks up the outbox rows that reference it (foreign key bookkeeping).
    index('outbox_event_idx').on(t.eventId),
  ],
);

// "Email me a fresh link" requests, answered at once and looked up later by the background worker, so the answer
// takes the same time whoever asks. The claimed ticket id is not a foreign key: garbage links are queued too.
export const linkRequests = sqliteTable('link_requests', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id'),
  email: text('email').notNull(),
  createdAt: createdAt(),
});

// The local mailbox used when no RESEND_API_KEY is set.
export const mailbox = sqliteTable(
  'mailbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: integer('outbox_id').references(() => outbox.id, { onDelete: 'set null' }),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    // JSON object of extra headers.
    headers: text('headers').notNull().default('{}'),
    createdAt: createdAt(),
  },
  // outbox_id: delivery checks for an earlier copy of the same message before storing one.
  (t) => [index('mailbox_created_idx').on(t.createdAt), index('mailbox_outbox_idx').on(t.outboxId)],
);

// Admin overrides of the email templates' subject and body; absent rows use the built-in text.
export const emailTemplates = sqliteTable('email_templates', {
  key: text('key').primaryKey(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .$defaultFn(() => new Date()),
});

// Saved replies ("canned responses"): shared by the whole team; the body may hold template tags (lib/tickets/saved-replies.ts).
export const savedReplies = sqliteTable(
  'saved_replies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    createdByAgentId: integer('created_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    updatedByAgentId: integer('updated_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [index('saved_replies_title_idx').on(sql`lower(${t.title})`)],
);

export const inboundSources = ['resend', 'imap', 'pipe'] as const;
export type InboundSource = (typeof inboundSources)[number];
// pending: stored, not yet applied (or waiting for a retry); applied: done (a reply, a ticket, an automatic message
// or a duplicate); refused: nothing was added, an admin may act on it; failed: kept erroring, an admin may retry.
export const inboundStatuses = ['pending', 'applied', 'refused', 'failed'] as const;
export type InboundStatus = (typeof inboundStatuses)[number];
// Why a refused message was refused (lib/mail/inbound/apply.ts): `sender` — not allowed on its ticket (an agent may
// add them and apply it), `removed` — removed from that ticket (likewise), `stale` — an out-of-date reply address,
// `excluded` — Parley's own address or the blocklist, `dmarc` — failed DMARC, `from` — no plain sender address.
export const inboundRefusals = ['sender', 'removed', 'stale', 'excluded', 'dmarc', 'from'] as const;
export type InboundRefusal = (typeof inboundRefusals)[number];

// Every inbound email, stored whole before its source is acknowledged, then applied once by the inbound worker.
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source', { enum: inboundSources }).notNull(),
    // The source's own id (Resend email id, IMAP account/mailbox/UIDVALIDITY/UID, SHA-256 of a piped message):
    // a redelivery hits the unique index and is not stored twice.
    sourceId: text('source_id').notNull(),
    raw: blob('raw', { mode: 'buffer' }).notNull(),
    // Read from the raw headers at intake (lower-case, without angle brackets); replies to it find their ticket.
    messageId: text('message_id'),
    fromEmail: text('from_email'),
    subject: text('subject'),
    status: text('status', { enum: inboundStatuses }).notNull().default('pending'),
    // What applying it did: reply, ticket, automatic, duplicate, bounce; or why it was refused.
    outcome: text('outcome'),
    reason: text('reason'),
    ticketId: integer('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
    lastError: text('last_error'),
    // List-Id or Precedence (bulk/list/junk) headers: its sender looks like a mailing list and is never added by mail.
    listMail: integer('list_mail', { mode: 'boolean' }).notNull().default(false),
    refusal: text('refusal', { enum: inboundRefusals }),
    // "Dismiss" (Admin → Inbound or the ticket page): a person looked at it and it needs nothing more; kept for the record.
    dismissedAt: integer('dismissed_at', { mode: 'timestamp_ms' }),
    dismissedByAgentId: integer('dismissed_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    appliedAt: integer('applied_at', { mode: 'timestamp_ms' }),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex('inbound_source_unique').on(t.source, t.sourceId),
    // The navigation's "needs attention" count and Admin → Inbound's list: refused and failed, not dismissed.
    index('inbound_attention_idx').on(t.status, t.dismissedAt, t.receivedAt),
    index('inbound_due_idx').on(t.status, t.nextAttemptAt),
    index('inbound_message_id_idx').on(t.messageId),
    index('inbound_ticket_sender_idx').on(t.ticketId, t.fromEmail, t.receivedAt),
  ],
);

export const ccCandidateStatuses = ['pending', 'added', 'dismissed'] as const;
export type CcCandidateStatus = (typeof ccCandidateStatuses)[number];
export const ccCandidateReasons = ['not-allowed', 'limit', 'list-or-robot', 'removed', 'untrusted'] as const;
export type CcCandidateReason = (typeof ccCandidateReasons)[number];

// "Cc'd, not on this ticket": people the customer or a participant wrote to (To/Cc) whom mail did not add. Agents
// add or dismiss each (audited); one pending row per ticket and address.
export const ccCandidates = sqliteTable(
  'cc_candidates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    // Stored lower-cased.
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    // Who wrote to them, and the message.
    ccByEmail: text('cc_by_email').notNull(),
    ccByName: text('cc_by_name').notNull().default(''),
    inboundMessageId: integer('inbound_message_id').references((): AnySQLiteColumn => inboundMessages.id, { onDelete: 'set null' }),
    reason: text('reason', { enum: ccCandidateReasons }).notNull(),
    status: text('status', { enum: ccCandidateStatuses }).notNull().default('pending'),
    resolvedByAgentId: integer('resolved_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('cc_candidates_pending_unique')
      .on(t.ticketId, t.email)
      .where(sql`${t.status} = 'pending'`),
    index('cc_candidates_ticket_idx').on(t.ticketId, t.status),
  ],
);
// The polite automatic answer to a refused sender (RFC 3834): at most one per address per day, claimed by this row
// in the transaction that queues it.
export const inboundAutoAnswers = sqliteTable('inbound_auto_answers', {
  email: text('email').primaryKey(),
  answeredAt: integer('answered_at', { mode: 'timestamp_ms' }).notNull(),
});

// Where the IMAP reader stands in each mailbox, and how its connection is doing (shown in Settings → Emails).
export const imapState = sqliteTable('imap_state', {
  // `user@host/mailbox`: another account or mailbox starts from its own cursor.
  mailbox: text('mailbox').primaryKey(),
  // Kept as text: IMAP UIDVALIDITY is a 32-bit unsigned number that imapflow hands out as a BigInt.
  uidValidity: text('uid_validity'),
  lastUid: integer('last_uid').notNull().default(0),
  status: text('status').notNull().default('connecting'),
  lastError: text('last_error'),
  lastCheckedAt: integer('last_checked_at', { mode: 'timestamp_ms' }),
  nextRetryAt: integer('next_retry_at', { mode: 'timestamp_ms' }),
});

// One file on one reply. The bytes live once per SHA-256 under the data folder (lib/files/store.ts); rows
// are never deleted but marked removed, so the reply can say "attachment removed".
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    replyId: integer('reply_id')
      .notNull()
      .references(() => replies.id, { onDelete: 'cascade' }),
    // As the sender named it, made safe to show (no path, no control characters).
    filename: text('filename').notNull(),
    // Sniffed from the bytes, never taken from the browser or the mail client.
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    addedByKind: text('added_by_kind', { enum: actorKinds }).notNull(),
    addedById: integer('added_by_id'),
    addedByEmail: text('added_by_email'),
    createdAt: createdAt(),
    removedAt: integer('removed_at', { mode: 'timestamp_ms' }),
    removedByAgentId: integer('removed_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('attachments_reply_idx').on(t.replyId),
    index('attachments_ticket_idx').on(t.ticketId),
    index('attachments_sha256_idx').on(t.sha256),
  ],
);

export const ratingValues = ['good', 'bad'] as const;
export type RatingValue = (typeof ratingValues)[number];

// Satisfaction ratings (lib/tickets/ratings.ts): one per person (the customer, or a participant when the team asks
// them too) per closing of a ticket, the closing being its `ticket.closed` event. Changeable for 7 days after the
// closing; a reopened and re-closed ticket is a new closing and asks again. Reports read the closing's time, the
// agent who closed it and the assignee at that moment from here (the company through the ticket's customer).
export const ratings = sqliteTable(
  'ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    closingEventId: integer('closing_event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }).notNull(),
    // Null when the ticket was closed by the system (auto-close) or the agent is gone.
    closedByAgentId: integer('closed_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    assigneeId: integer('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
    raterKind: text('rater_kind', { enum: ['customer', 'participant'] }).notNull(),
    // customers.id or participants.id, after raterKind.
    raterId: integer('rater_id').notNull(),
    // Stored lower-cased: one rating per address per closing.
    raterEmail: text('rater_email').notNull(),
    raterName: text('rater_name').notNull().default(''),
    rating: text('rating', { enum: ratingValues }).notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: createdAt(),
    // When it was given or last changed (the API's `at`).
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [
    uniqueIndex('ratings_closing_rater_unique').on(t.closingEventId, t.raterEmail),
    index('ratings_ticket_idx').on(t.ticketId),
    index('ratings_closed_idx').on(t.closedAt),
    index('ratings_assignee_closed_idx').on(t.assigneeId, t.closedAt),
  ],
);

// Webhooks (Admin → Webhooks, /api/v1/webhooks): an HTTPS URL (or HTTP on loopback) and the events it wants. Each
// delivery is signed as Standard Webhooks specifies with the webhook's secret (lib/mail/webhook-delivery.ts).
export const webhookEventNames = [
  'ticket.created',
  'reply.created',
  'ticket.status_changed',
  'ticket.assigned',
  'participant.added',
  'participant.removed',
  'ticket.merged',
  'rating.received',
] as const;
export type WebhookEventName = (typeof webhookEventNames)[number];

export const webhooks = sqliteTable('webhooks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  url: text('url').notNull(),
  // JSON array of webhookEventNames.
  events: text('events').notNull(),
  // `whsec_…`, shown once when the webhook is made; the server needs it to sign, so it is kept.
  secret: text('secret').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  // Since when every attempt failed (null: the last one succeeded); 3 days of it turn the webhook off.
  failingSince: integer('failing_since', { mode: 'timestamp_ms' }),
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
  disabledReason: text('disabled_reason'),
  createdByAgentId: integer('created_by_agent_id').references(() => agents.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const webhookDeliveryStatuses = ['pending', 'sent', 'failed'] as const;

// One message to one webhook, queued in the transaction of the event (lib/tickets/webhook-events.ts) and sent by the
// background thread with the outbox's backoff until it is accepted. Its `webhook-id` (messageId) never changes, so
// retries and resends are the same message to the receiver; the body is built once, at the first attempt, and kept.
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: integer('event_id').references(() => events.id, { onDelete: 'set null' }),
    eventType: text('event_type').notNull(),
    messageId: text('message_id').notNull(),
    payload: text('payload'),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' })
      .notNull()
      .$defaultFn(() => new Date()),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_message_unique').on(t.messageId),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

// Every attempt of a delivery with what the receiver answered (the delivery log of Admin → Webhooks).
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    statusCode: integer('status_code'),
    // The start of the response body, or why there was none (timeout, refused connection).
    response: text('response').notNull().default(''),
    durationMs: integer('duration_ms').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);

// Reports' per-ticket figures (lib/tickets/report-facts.ts), kept by the background thread from each ticket's history
// as it changes (its own job cursor), so a report over a year of tickets reads one narrow row per ticket instead of
// their replies and history. Days are the team's calendar days (the service-level calendar's time zone), as
// 'YYYY-MM-DD'. Business-hour spans and met/missed are null while no service targets exist.
export const ticketReportFacts = sqliteTable(
  'ticket_report_facts',
  {
    ticketId: integer('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    customerId: integer('customer_id').notNull(),
    assigneeId: integer('assignee_id'),
    status: text('status', { enum: ticketStatuses }).notNull(),
    createdAt: integer('created_at').notNull(),
    createdDay: text('created_day').notNull(),
    // The last closing, while the ticket is closed (null once reopened).
    closedAt: integer('closed_at'),
    closedDay: text('closed_day'),
    // The first public agent reply (before any closing), and the time it took: on the wall clock, and in business hours.
    firstResponseAt: integer('first_response_at'),
    firstResponseMs: integer('first_response_ms'),
    firstResponseBusinessMs: integer('first_response_business_ms'),
    // Created to the last closing, while closed.
    resolutionMs: integer('resolution_ms'),
    resolutionBusinessMs: integer('resolution_business_ms'),
    firstResponseOutcome: text('first_response_outcome', { enum: ['met', 'missed'] }),
    resolutionOutcome: text('resolution_outcome', { enum: ['met', 'missed'] }),
  },
  (t) => [
    // Reports walk the tickets created in a range and those closed in it: each index holds every column that walk
    // reads (filters included), so neither touches the table.
    index('report_facts_created_idx').on(t.createdDay, t.assigneeId, t.customerId, t.firstResponseMs, t.firstResponseBusinessMs, t.firstResponseOutcome, t.closedDay),
    index('report_facts_closed_idx').on(t.closedDay, t.assigneeId, t.customerId, t.resolutionMs, t.resolutionBusinessMs, t.resolutionOutcome),
  ],
);

export const agentsRelations = relations(agents, ({ many }) => ({
  assignedTickets: many(tickets),
  apiTokens: many(apiTokens),
}));

export const companiesRelations = relations(companies, ({ many }) => ({ customers: many(customers) }));

export const customersRelations = relations(customers, ({ one, many }) => ({
  company: one(companies, { fields: [customers.companyId], references: [companies.id] }),
  tickets: many(tickets),
}));

export const ticketsRelations = relations(tickets, ({ one, many }) => ({
  customer: one(customers, { fields: [tickets.customerId], references: [customers.id] }),
  assignee: one(agents, { fields: [tickets.assigneeId], references: [agents.id] }),
  replies: many(replies),
  participants: many(participants),
  auditEntries: many(auditLog),
}));

export const repliesRelations = relations(replies, ({ one }) => ({
  ticket: one(tickets, { fields: [replies.ticketId], references: [tickets.id] }),
}));

export const participantsRelations = relations(participants, ({ one }) => ({
  ticket: one(tickets, { fields: [participants.ticketId], references: [tickets.id] }),
  customer: one(customers, { fields: [participants.customerId], references: [customers.id] }),
  addedBy: one(agents, { fields: [participants.addedByAgentId], references: [agents.id] }),
}));

export const apiTokensRelations = relations(apiTokens, ({ one }) => ({
  agent: one(agents, { fields: [apiTokens.agentId], references: [agents.id] }),
}));

export const auditLogRelations = relations(auditLog, ({ one }) => ({
  ticket: one(tickets, { fields: [auditLog.ticketId], references: [tickets.id] }),
}));

export type Agent = typeof agents.$inferSelect;
export type AgentInvitation = typeof agentInvitations.$inferSelect;
export type Company = typeof companies.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type Ticket = typeof tickets.$inferSelect;
export type Reply = typeof replies.$inferSelect;
export type Participant = typeof participants.$inferSelect;
export type ReplyRecipient = typeof replyRecipients.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type DomainEventRow = typeof events.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type LinkRequest = typeof linkRequests.$inferSelect;
export type MailboxMessage = typeof mailbox.$inferSelect;
export type EmailTemplateOverride = typeof emailTemplates.$inferSelect;
export type SavedReply = typeof savedReplies.$inferSelect;
export type InboundMessage = typeof inboundMessages.$inferSelect;
export type ImapStateRow = typeof imapState.$inferSelect;
export type Attachment = typeof attachments.$inferSelect;
export type CcCandidate = typeof ccCandidates.$inferSelect;
export type RecoveryCode = typeof recoveryCodes.$inferSelect;
export type Tag = typeof tags.$inferSelect;
export type SavedView = typeof savedViews.$inferSelect;
export type MergedPerson = typeof mergedPeople.$inferSelect;
export type Rating = typeof ratings.$inferSelect;
export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
export type TicketReportFacts = typeof ticketReportFacts.$inferSelect;

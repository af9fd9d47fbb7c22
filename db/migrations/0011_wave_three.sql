CREATE TABLE `agent_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT 'agent' NOT NULL,
	`invited_by_agent_id` integer,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`invited_by_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `agent_invitations_email_idx` ON `agent_invitations` (`email`);--> statement-breakpoint
CREATE TABLE `company_domains` (
	`domain` text PRIMARY KEY NOT NULL,
	`company_id` integer NOT NULL,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `company_domains_company_idx` ON `company_domains` (`company_id`);--> statement-breakpoint
CREATE TABLE `job_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`at` integer DEFAULT 0 NOT NULL,
	`id` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`bucket` text NOT NULL,
	`key` text NOT NULL,
	`count` integer NOT NULL,
	`reset_at` integer NOT NULL,
	PRIMARY KEY(`bucket`, `key`)
);
--> statement-breakpoint
CREATE INDEX `rate_limits_reset_idx` ON `rate_limits` (`reset_at`);--> statement-breakpoint
CREATE TABLE `recovery_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agent_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recovery_codes_hash_unique` ON `recovery_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `recovery_codes_agent_idx` ON `recovery_codes` (`agent_id`);--> statement-breakpoint
CREATE TABLE `saved_views` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`owner_id` integer NOT NULL,
	`shared` integer DEFAULT false NOT NULL,
	`query` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `saved_views_owner_idx` ON `saved_views` (`owner_id`);--> statement-breakpoint
CREATE INDEX `saved_views_shared_idx` ON `saved_views` (`shared`);--> statement-breakpoint
CREATE TABLE `service_level_alerts` (
	`ticket_id` integer NOT NULL,
	`target` text NOT NULL,
	`started_at` integer NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `target`, `started_at`, `kind`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `service_level_outcomes` (
	`ticket_id` integer NOT NULL,
	`target` text NOT NULL,
	`started_at` integer NOT NULL,
	`due_at` integer,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `target`, `started_at`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_name_unique` ON `tags` (`name`);--> statement-breakpoint
CREATE TABLE `ticket_tags` (
	`tag_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	PRIMARY KEY(`tag_id`, `ticket_id`),
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_tags_ticket_idx` ON `ticket_tags` (`ticket_id`);--> statement-breakpoint
ALTER TABLE `agents` ADD `signature` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `profile_reviewed` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_secret` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_pending_secret` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_last_step` integer;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_enabled_at` integer;--> statement-breakpoint
ALTER TABLE `replies` ADD `signature` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `priority` text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `reopened_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_due_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_alert_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `snoozed_until` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `on_hold_since` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `auto_close_reminded_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_sla_due_idx` ON `tickets` (`sla_due_at`);--> statement-breakpoint
CREATE INDEX `tickets_created_idx` ON `tickets` (`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_priority_rank_idx` ON `tickets` ((case "priority" when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end),`last_activity_at`);--> statement-breakpoint
CREATE INDEX `tickets_sla_alert_idx` ON `tickets` (`sla_alert_at`);--> statement-breakpoint
CREATE INDEX `tickets_snoozed_idx` ON `tickets` (`snoozed_until`);--> statement-breakpoint
CREATE INDEX `tickets_priority_activity_idx` ON `tickets` (`priority`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `tickets_assignee_updated_idx` ON `tickets` (`assignee_id`,`updated_at`);
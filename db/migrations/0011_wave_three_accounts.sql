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
ALTER TABLE `agents` ADD `signature` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `profile_reviewed` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_secret` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_pending_secret` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_last_step` integer;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_enabled_at` integer;--> statement-breakpoint
ALTER TABLE `replies` ADD `signature` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `reopened_at` integer;
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
ALTER TABLE `agents` ADD `two_factor_secret` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_pending_secret` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_last_step` integer;--> statement-breakpoint
ALTER TABLE `agents` ADD `two_factor_enabled_at` integer;
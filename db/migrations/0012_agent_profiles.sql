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
ALTER TABLE `agents` ADD `signature` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `profile_reviewed` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `replies` ADD `signature` text DEFAULT '' NOT NULL;
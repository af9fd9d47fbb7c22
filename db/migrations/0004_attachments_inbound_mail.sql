CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`reply_id` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`added_by_kind` text NOT NULL,
	`added_by_id` integer,
	`added_by_email` text,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	`removed_by_agent_id` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reply_id`) REFERENCES `replies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`removed_by_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `attachments_reply_idx` ON `attachments` (`reply_id`);--> statement-breakpoint
CREATE INDEX `attachments_ticket_idx` ON `attachments` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `attachments_sha256_idx` ON `attachments` (`sha256`);--> statement-breakpoint
CREATE TABLE `imap_state` (
	`mailbox` text PRIMARY KEY NOT NULL,
	`uid_validity` text,
	`last_uid` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'connecting' NOT NULL,
	`last_error` text,
	`last_checked_at` integer,
	`next_retry_at` integer
);
--> statement-breakpoint
CREATE TABLE `inbound_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`raw` blob NOT NULL,
	`message_id` text,
	`from_email` text,
	`subject` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`outcome` text,
	`reason` text,
	`ticket_id` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`applied_at` integer,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_source_unique` ON `inbound_messages` (`source`,`source_id`);--> statement-breakpoint
CREATE INDEX `inbound_due_idx` ON `inbound_messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `inbound_message_id_idx` ON `inbound_messages` (`message_id`);--> statement-breakpoint
CREATE INDEX `inbound_ticket_sender_idx` ON `inbound_messages` (`ticket_id`,`from_email`,`received_at`);--> statement-breakpoint
ALTER TABLE `replies` ADD `automatic` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `replies` ADD `inbound_message_id` integer REFERENCES inbound_messages(id);
CREATE TABLE `cc_candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`cc_by_email` text NOT NULL,
	`cc_by_name` text DEFAULT '' NOT NULL,
	`inbound_message_id` integer,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`resolved_by_agent_id` integer,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`inbound_message_id`) REFERENCES `inbound_messages`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cc_candidates_pending_unique` ON `cc_candidates` (`ticket_id`,`email`) WHERE "cc_candidates"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `cc_candidates_ticket_idx` ON `cc_candidates` (`ticket_id`,`status`);--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `list_mail` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `participants` ADD `added_by_holder_kind` text;--> statement-breakpoint
ALTER TABLE `participants` ADD `added_by_holder_id` integer;--> statement-breakpoint
ALTER TABLE `participants` ADD `added_by_holder_name` text;--> statement-breakpoint
ALTER TABLE `replies` ADD `via_kind` text;--> statement-breakpoint
ALTER TABLE `replies` ADD `via_id` integer;--> statement-breakpoint
ALTER TABLE `replies` ADD `via_email` text;--> statement-breakpoint
ALTER TABLE `replies` ADD `via_name` text;
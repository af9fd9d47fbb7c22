CREATE TABLE `merged_people` (
	`source_ticket_id` integer NOT NULL,
	`holder_kind` text NOT NULL,
	`holder_id` integer NOT NULL,
	`target_ticket_id` integer NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` integer NOT NULL,
	`target_version` integer NOT NULL,
	PRIMARY KEY(`source_ticket_id`, `holder_kind`, `holder_id`),
	FOREIGN KEY (`source_ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `replies` ADD `from_ticket_id` integer REFERENCES tickets(id);--> statement-breakpoint
ALTER TABLE `tickets` ADD `merged_into_id` integer REFERENCES tickets(id);--> statement-breakpoint
ALTER TABLE `tickets` ADD `merged_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_merged_into_idx` ON `tickets` (`merged_into_id`);
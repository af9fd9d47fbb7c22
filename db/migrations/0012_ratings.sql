CREATE TABLE `ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`closing_event_id` integer NOT NULL,
	`closed_at` integer NOT NULL,
	`closed_by_agent_id` integer,
	`assignee_id` integer,
	`rater_kind` text NOT NULL,
	`rater_id` integer NOT NULL,
	`rater_email` text NOT NULL,
	`rater_name` text DEFAULT '' NOT NULL,
	`rating` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`closing_event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`closed_by_agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`assignee_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_closing_rater_unique` ON `ratings` (`closing_event_id`,`rater_email`);--> statement-breakpoint
CREATE INDEX `ratings_ticket_idx` ON `ratings` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `ratings_closed_idx` ON `ratings` (`closed_at`);--> statement-breakpoint
CREATE INDEX `ratings_assignee_closed_idx` ON `ratings` (`assignee_id`,`closed_at`);
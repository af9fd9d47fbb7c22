CREATE TABLE `reply_recipients` (
	`reply_id` integer NOT NULL,
	`kind` text NOT NULL,
	`person_id` integer NOT NULL,
	PRIMARY KEY(`reply_id`, `kind`, `person_id`),
	FOREIGN KEY (`reply_id`) REFERENCES `replies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `participants` ADD `view` text DEFAULT 'everything' NOT NULL;--> statement-breakpoint
ALTER TABLE `replies` ADD `audience` text DEFAULT 'everyone' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `side_reply_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `updated_before_side_at` integer;
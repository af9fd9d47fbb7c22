CREATE TABLE `job_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`at` integer DEFAULT 0 NOT NULL,
	`id` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
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
ALTER TABLE `tickets` ADD `priority` text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_due_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_alert_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `snoozed_until` integer;--> statement-breakpoint
CREATE INDEX `tickets_sla_due_idx` ON `tickets` (`sla_due_at`);--> statement-breakpoint
CREATE INDEX `tickets_created_idx` ON `tickets` (`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_priority_rank_idx` ON `tickets` ((case "priority" when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end),`last_activity_at`);--> statement-breakpoint
CREATE INDEX `tickets_sla_alert_idx` ON `tickets` (`sla_alert_at`);--> statement-breakpoint
CREATE INDEX `tickets_snoozed_idx` ON `tickets` (`snoozed_until`);--> statement-breakpoint
CREATE INDEX `tickets_priority_activity_idx` ON `tickets` (`priority`,`last_activity_at`);
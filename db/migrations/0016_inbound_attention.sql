CREATE TABLE `inbound_auto_answers` (
	`email` text PRIMARY KEY NOT NULL,
	`answered_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `refusal` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `dismissed_at` integer;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `dismissed_by_agent_id` integer REFERENCES agents(id);--> statement-breakpoint
CREATE INDEX `inbound_attention_idx` ON `inbound_messages` (`status`,`dismissed_at`,`received_at`);
ALTER TABLE `agents` ADD `signature` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `profile_reviewed` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `replies` ADD `signature` text DEFAULT '' NOT NULL;
CREATE TABLE `ticket_report_facts` (
	`ticket_id` integer PRIMARY KEY NOT NULL,
	`customer_id` integer NOT NULL,
	`assignee_id` integer,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_day` text NOT NULL,
	`closed_at` integer,
	`closed_day` text,
	`first_response_at` integer,
	`first_response_ms` integer,
	`first_response_business_ms` integer,
	`resolution_ms` integer,
	`resolution_business_ms` integer,
	`first_response_outcome` text,
	`resolution_outcome` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_facts_created_idx` ON `ticket_report_facts` (`created_day`,`assignee_id`,`customer_id`,`first_response_ms`,`first_response_business_ms`,`first_response_outcome`,`closed_day`);--> statement-breakpoint
CREATE INDEX `report_facts_closed_idx` ON `ticket_report_facts` (`closed_day`,`assignee_id`,`customer_id`,`resolution_ms`,`resolution_business_ms`,`resolution_outcome`);
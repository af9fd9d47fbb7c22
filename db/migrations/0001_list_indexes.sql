DROP INDEX `customers_name_idx`;--> statement-breakpoint
CREATE INDEX `customers_list_order_idx` ON `customers` (lower("name"),`email`);--> statement-breakpoint
CREATE INDEX `outbox_event_idx` ON `outbox` (`event_id`);
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_key` text NOT NULL,
	`source` text NOT NULL,
	`event` text NOT NULL,
	`issue_id` text NOT NULL,
	`issue_key` text NOT NULL,
	`event_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`outcome` text,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_delivery_key_unique` ON `deliveries` (`delivery_key`);--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_issue_idx` ON `deliveries` (`issue_id`,`status`);--> statement-breakpoint
CREATE TABLE `links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`jira_issue_id` text NOT NULL,
	`jira_key` text NOT NULL,
	`task_id` text NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`issue_updated_at` integer,
	`written_values` text DEFAULT '{}' NOT NULL,
	`pending_values` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_synced_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `links_jira_issue_id_unique` ON `links` (`jira_issue_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `links_task_id_unique` ON `links` (`task_id`);--> statement-breakpoint
CREATE INDEX `links_jira_key_idx` ON `links` (`jira_key`);
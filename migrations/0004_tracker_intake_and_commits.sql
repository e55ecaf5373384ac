CREATE TABLE `commits` (
	`task_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`jira_issue_id` text,
	`jira_key` text,
	`announced` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tracker_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_key` text NOT NULL,
	`task_id` text NOT NULL,
	`action` text NOT NULL,
	`field` text,
	`user_id` text,
	`received_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`outcome` text,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tracker_events_key_unique` ON `tracker_events` (`event_key`);--> statement-breakpoint
CREATE INDEX `tracker_events_due_idx` ON `tracker_events` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `tracker_webhooks` (
	`resource_id` text PRIMARY KEY NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `deliveries` ADD `actor_id` text;
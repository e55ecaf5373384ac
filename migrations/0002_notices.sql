CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_id` integer NOT NULL,
	`task_id` text NOT NULL,
	`jira_key` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`baseline` text NOT NULL,
	`announced` text,
	`actors` text NOT NULL,
	`urgent` integer DEFAULT false NOT NULL,
	`first_change_at` integer NOT NULL,
	`last_change_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_claimed_at` integer,
	`locked_until` integer,
	`sent_at` integer,
	`comment_id` text,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_one_open_per_task` ON `notices` (`task_id`) WHERE "notices"."status" = 'open';--> statement-breakpoint
CREATE INDEX `notices_due_idx` ON `notices` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `notices_task_sent_idx` ON `notices` (`task_id`,`sent_at`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `actor` text;
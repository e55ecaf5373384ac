CREATE TABLE `mapping_gaps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text NOT NULL,
	`last_issue_key` text NOT NULL,
	`field` text NOT NULL,
	`occurrences` integer DEFAULT 1 NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mapping_gaps_kind_subject_unique` ON `mapping_gaps` (`kind`,`subject`);--> statement-breakpoint
CREATE TABLE `tracker_webhook_registrations` (
	`resource_id` text PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`candidate_secret` text
);
--> statement-breakpoint
CREATE TABLE `user_map` (
	`jira_account_id` text PRIMARY KEY NOT NULL,
	`tracker_user_id` text NOT NULL,
	`display_name` text,
	`source` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `commits` ADD `jira_notice` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `post_started_at` integer;--> statement-breakpoint
-- Notices caught mid-send by the upgrade may have been posted: look for them before posting again.
UPDATE `notices` SET `post_started_at` = `first_claimed_at` WHERE `status` = 'sending';
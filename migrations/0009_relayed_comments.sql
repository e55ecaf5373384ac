CREATE TABLE `relayed_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`direction` text NOT NULL,
	`mapping` text NOT NULL,
	`link_id` integer NOT NULL,
	`source_id` text NOT NULL,
	`target_id` text,
	`state` text NOT NULL,
	`text` text NOT NULL,
	`post_started_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `relayed_comments_source_unique` ON `relayed_comments` (`direction`,`source_id`,`mapping`);--> statement-breakpoint
CREATE INDEX `relayed_comments_target_idx` ON `relayed_comments` (`target_id`);
DROP INDEX `links_jira_issue_id_unique`;--> statement-breakpoint
DROP INDEX `links_task_id_unique`;--> statement-breakpoint
ALTER TABLE `links` ADD `mapping` text DEFAULT 'default' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `links_mapping_issue_unique` ON `links` (`jira_issue_id`,`mapping`);--> statement-breakpoint
CREATE UNIQUE INDEX `links_mapping_task_unique` ON `links` (`task_id`,`mapping`);--> statement-breakpoint
DROP INDEX `notices_one_open_per_task`;--> statement-breakpoint
CREATE UNIQUE INDEX `notices_one_open_per_link` ON `notices` (`link_id`) WHERE "notices"."status" = 'open';
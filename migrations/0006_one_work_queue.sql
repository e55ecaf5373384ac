-- One durable work queue: deliveries, tracker events and notices' sending all become jobs.
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`group_key` text,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`outcome` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_kind_key_unique` ON `jobs` (`kind`,`key`);--> statement-breakpoint
CREATE INDEX `jobs_due_idx` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_group_idx` ON `jobs` (`kind`,`group_key`,`status`);--> statement-breakpoint
-- Deliveries keep their ids, so the admin API's delivery numbers stay valid.
INSERT INTO `jobs` (`id`, `kind`, `key`, `group_key`, `payload`, `status`, `attempts`, `run_at`, `locked_until`, `last_error`, `outcome`, `created_at`, `finished_at`)
SELECT `id`, 'jira-delivery', `delivery_key`, `issue_id`,
  json_object('source', `source`, 'event', `event`, 'issueId', `issue_id`, 'issueKey', `issue_key`, 'eventAt', `event_at`, 'actor', `actor`, 'actorId', `actor_id`),
  `status`, `attempts`, `next_attempt_at`, `locked_until`, `last_error`, `outcome`, `received_at`, `processed_at`
FROM `deliveries` ORDER BY `id`;--> statement-breakpoint
-- The only tracker so far was Asana; its event keys are prefixed with the tracker kind from now on.
INSERT INTO `jobs` (`kind`, `key`, `group_key`, `payload`, `status`, `attempts`, `run_at`, `locked_until`, `last_error`, `outcome`, `created_at`, `finished_at`)
SELECT 'tracker-event', 'asana:' || `event_key`, `task_id`,
  json_object('tracker', 'asana', 'taskId', `task_id`, 'action', `action`, 'field', `field`, 'userId', `user_id`),
  `status`, `attempts`, `next_attempt_at`, `locked_until`, `last_error`, `outcome`, `received_at`,
  CASE WHEN `status` = 'pending' THEN NULL ELSE `received_at` END
FROM `tracker_events` ORDER BY `id`;--> statement-breakpoint
INSERT INTO `jobs` (`kind`, `key`, `group_key`, `payload`, `status`, `attempts`, `run_at`, `locked_until`, `last_error`, `created_at`)
SELECT 'notice', CAST(`id` AS TEXT), NULL, json_object('noticeId', `id`, 'taskId', `task_id`),
  CASE WHEN `status` = 'failed' THEN 'failed' ELSE 'pending' END, `attempts`, `due_at`, `locked_until`, `last_error`, `first_change_at`
FROM `notices` WHERE `status` IN ('open', 'sending', 'failed') ORDER BY `id`;--> statement-breakpoint
DROP TABLE `deliveries`;--> statement-breakpoint
DROP TABLE `tracker_events`;--> statement-breakpoint
DROP INDEX `notices_due_idx`;--> statement-breakpoint
ALTER TABLE `notices` DROP COLUMN `attempts`;--> statement-breakpoint
ALTER TABLE `notices` DROP COLUMN `locked_until`;--> statement-breakpoint
ALTER TABLE `notices` DROP COLUMN `last_error`;--> statement-breakpoint
-- Tracker webhooks and registrations are keyed by tracker kind and resource.
CREATE TABLE `__new_tracker_webhooks` (
	`tracker` text NOT NULL,
	`resource_id` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tracker`, `resource_id`)
);
--> statement-breakpoint
INSERT INTO `__new_tracker_webhooks` (`tracker`, `resource_id`, `secret`, `created_at`) SELECT 'asana', `resource_id`, `secret`, `created_at` FROM `tracker_webhooks`;--> statement-breakpoint
DROP TABLE `tracker_webhooks`;--> statement-breakpoint
ALTER TABLE `__new_tracker_webhooks` RENAME TO `tracker_webhooks`;--> statement-breakpoint
CREATE TABLE `__new_tracker_webhook_registrations` (
	`tracker` text NOT NULL,
	`resource_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`candidate_secret` text,
	PRIMARY KEY(`tracker`, `resource_id`)
);
--> statement-breakpoint
INSERT INTO `__new_tracker_webhook_registrations` (`tracker`, `resource_id`, `started_at`, `expires_at`, `candidate_secret`) SELECT 'asana', `resource_id`, `started_at`, `expires_at`, `candidate_secret` FROM `tracker_webhook_registrations`;--> statement-breakpoint
DROP TABLE `tracker_webhook_registrations`;--> statement-breakpoint
ALTER TABLE `__new_tracker_webhook_registrations` RENAME TO `tracker_webhook_registrations`;

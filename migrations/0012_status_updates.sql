CREATE TABLE `status_digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status_update_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`task_id` text NOT NULL,
	`jira_keys` text NOT NULL,
	`status` text NOT NULL,
	`text` text,
	`post_started_at` integer,
	`comment_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `status_digests_update_user_unique` ON `status_digests` (`status_update_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `status_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mapping` text NOT NULL,
	`period_start` integer NOT NULL,
	`period_end` integer NOT NULL,
	`status` text NOT NULL,
	`title` text,
	`status_type` text,
	`text` text,
	`post_started_at` integer,
	`tracker_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `status_updates_mapping_period_unique` ON `status_updates` (`mapping`,`period_end`);--> statement-breakpoint
ALTER TABLE `flow_snapshots` ADD `summary` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `flow_snapshots` ADD `due_date` text;--> statement-breakpoint
ALTER TABLE `flow_snapshots` ADD `forecast_p50` integer;--> statement-breakpoint
ALTER TABLE `flow_snapshots` ADD `forecast_p85` integer;--> statement-breakpoint
-- Snapshots from before this migration lack the summary and target date: recomputed on the next read.
UPDATE `flow_snapshots` SET `issue_updated_at` = NULL;
--> statement-breakpoint
-- Each status update posted is recorded in the audit trail, in the statement that marks it sent.
CREATE TRIGGER `audit_status_update_posted` AFTER UPDATE OF `status` ON `status_updates`
WHEN NEW.`status` = 'sent' AND OLD.`status` <> 'sent'
BEGIN
  INSERT INTO `audit_log` (`at`, `action`, `actor`, `mapping`, `new_value`, `cause`)
  VALUES (coalesce(NEW.`sent_at`, NEW.`created_at`), 'status-update-posted', 'bridge', NEW.`mapping`,
          json_object('title', NEW.`title`, 'statusType', NEW.`status_type`, 'text', NEW.`text`,
                      'trackerId', NEW.`tracker_id`),
          json_object('statusUpdateId', NEW.`id`, 'periodStart', NEW.`period_start`,
                      'periodEnd', NEW.`period_end`));
END;
--> statement-breakpoint
-- Each stakeholder digest posted is recorded in the audit trail, in the statement that marks it sent.
CREATE TRIGGER `audit_status_digest_sent` AFTER UPDATE OF `status` ON `status_digests`
WHEN NEW.`status` = 'sent' AND OLD.`status` <> 'sent'
BEGIN
  INSERT INTO `audit_log` (`at`, `action`, `actor`, `mapping`, `task_id`, `new_value`, `cause`)
  SELECT coalesce(NEW.`sent_at`, NEW.`created_at`), 'digest-sent', 'bridge',
         (SELECT `mapping` FROM `status_updates` WHERE `id` = NEW.`status_update_id`), NEW.`task_id`,
         json_object('text', NEW.`text`, 'recipients', json_array(NEW.`user_id`), 'jiraKeys', json(NEW.`jira_keys`),
                     'commentId', NEW.`comment_id`),
         json_object('statusUpdateId', NEW.`status_update_id`, 'digestId', NEW.`id`);
END;

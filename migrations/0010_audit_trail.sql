CREATE TABLE `admin_tokens` (
	`name` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_tokens_hash_unique` ON `admin_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`mapping` text,
	`jira_key` text,
	`task_id` text,
	`field` text,
	`old_value` text,
	`new_value` text,
	`rule` text,
	`cause` text
);
--> statement-breakpoint
CREATE INDEX `audit_jira_key_idx` ON `audit_log` (`jira_key`,`id`);--> statement-breakpoint
CREATE INDEX `audit_task_idx` ON `audit_log` (`task_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
ALTER TABLE `links` ADD `last_cause` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `text` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `recipients` text;--> statement-breakpoint
-- Every field the bridge writes gets an audit entry in the same statement that records the
-- write (recordApplied sets written_values and last_cause together): one entry per field whose
-- value changed, none for a write that changed nothing, and none lost to a crash.
-- (Hand-written: drizzle-kit does not model triggers.)
CREATE TRIGGER `audit_field_written` AFTER UPDATE OF `written_values` ON `links`
WHEN NEW.`last_cause` IS NOT NULL
BEGIN
  INSERT INTO `audit_log` (`at`, `action`, `actor`, `mapping`, `jira_key`, `task_id`, `field`, `old_value`, `new_value`, `rule`, `cause`)
  SELECT NEW.`updated_at`, 'field-written', coalesce(json_extract(NEW.`last_cause`, '$.actor'), 'bridge'),
         NEW.`mapping`, NEW.`jira_key`, NEW.`task_id`, n.`key`,
         coalesce(json_extract(OLD.`written_values`, '$.' || json_quote(n.`key`)), 'null'),
         coalesce(n.`value`, 'null'),
         json_extract(NEW.`last_cause`, '$.rules.' || json_quote(n.`key`)),
         json_remove(NEW.`last_cause`, '$.rules', '$.actor')
  FROM json_each(NEW.`written_values`) AS n
  -- A value is an object (its JSON text) or null; a field never written before counts as null.
  WHERE coalesce(json_extract(OLD.`written_values`, '$.' || json_quote(n.`key`)), 'null') IS NOT coalesce(n.`value`, 'null');
END;
--> statement-breakpoint
-- A notice gets its entry when it is recorded as sent, with its text and recipients.
CREATE TRIGGER `audit_notice_sent` AFTER UPDATE OF `status` ON `notices`
WHEN NEW.`status` = 'sent' AND OLD.`status` <> 'sent'
BEGIN
  INSERT INTO `audit_log` (`at`, `action`, `actor`, `mapping`, `jira_key`, `task_id`, `new_value`, `cause`)
  SELECT coalesce(NEW.`sent_at`, NEW.`last_change_at`), 'notice-sent', 'bridge',
         (SELECT `mapping` FROM `links` WHERE `id` = NEW.`link_id`), NEW.`jira_key`, NEW.`task_id`,
         json_object('text', NEW.`text`, 'recipients', json(coalesce(NEW.`recipients`, '[]')),
                     'commentId', NEW.`comment_id`),
         json_object('noticeId', NEW.`id`, 'changedInJiraBy', json(NEW.`actors`));
END;

DROP INDEX `jobs_due_idx`;--> statement-breakpoint
DROP INDEX `jobs_group_idx`;--> statement-breakpoint
ALTER TABLE `jobs` ADD `carried_by` integer;--> statement-breakpoint
CREATE INDEX `jobs_burst_idx` ON `jobs` (`kind`,`group_key`,`status`,`attempts`,`created_at`);--> statement-breakpoint
CREATE INDEX `jobs_due_idx` ON `jobs` (`status`,`carried_by`,`run_at`);--> statement-breakpoint
CREATE INDEX `jobs_group_idx` ON `jobs` (`kind`,`group_key`,`status`,`carried_by`,`attempts`);--> statement-breakpoint
-- A group's newest fresh job carries the group: the others (fresh, waiting, not in hand) drop out
-- of the claim's scan and run with it. In the insert itself, so a burst stored in one statement,
-- or a crash, never leaves two carriers. (Hand-written: drizzle-kit does not model triggers.)
CREATE TRIGGER `jobs_carry_group` AFTER INSERT ON `jobs` WHEN NEW.`group_key` IS NOT NULL
BEGIN
  UPDATE `jobs` SET `carried_by` = NEW.`id`
  WHERE `kind` = NEW.`kind` AND `group_key` = NEW.`group_key` AND `status` = 'pending'
    AND `carried_by` IS NULL AND `attempts` = 0 AND `id` <> NEW.`id`;
END;

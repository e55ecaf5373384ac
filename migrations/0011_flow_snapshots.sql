CREATE TABLE `flow_snapshots` (
	`jira_issue_id` text PRIMARY KEY NOT NULL,
	`jira_key` text NOT NULL,
	`status` text NOT NULL,
	`status_category` text,
	`status_since` integer NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`done_at` integer,
	`lead_ms` integer,
	`cycle_ms` integer,
	`blocked_ms` integer NOT NULL,
	`reopenings` integer NOT NULL,
	`issue_updated_at` integer,
	`refreshed_at` integer NOT NULL
);

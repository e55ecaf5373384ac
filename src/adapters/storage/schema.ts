import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The one durable work queue: Jira deliveries, tracker events and notices are all jobs. A job is
 * written before it is acknowledged or scheduled; its unique (kind, key) makes a redelivery a
 * no-op. A worker claims a due job (`lockedUntil`) before its side effect; a failure puts it back
 * with a backoff, and after `sync.maxAttempts` parks it as failed (a dead letter an admin can
 * replay). Times are epoch milliseconds.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    /** Idempotency key within the kind: a Jira delivery id, a hash of a tracker event, a notice id. */
    key: text('key').notNull(),
    /** Jobs of one kind and group (an issue) are claimed together, so one run serves a burst. */
    groupKey: text('group_key'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    runAt: integer('run_at').notNull(),
    lockedUntil: integer('locked_until'),
    /**
     * The later job of the same group that took over from this one (set by the trigger
     * jobs_carry_group): the claim looks only at the newest (it carries the group's due time)
     * and the group's run serves this one too, so claims scan the groups that are due, not
     * every job of a burst still in its quiet period.
     */
    carriedBy: integer('carried_by'),
    lastError: text('last_error'),
    outcome: text('outcome'),
    createdAt: integer('created_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_kind_key_unique').on(t.kind, t.key),
    index('jobs_due_idx').on(t.status, t.carriedBy, t.runAt),
    // A group's jobs not carried by another (the trigger, the claim's idle and quiet checks).
    index('jobs_group_idx').on(t.kind, t.groupKey, t.status, t.carriedBy, t.attempts),
    // When the burst a debounced job joins began: its oldest fresh job, found at once.
    index('jobs_burst_idx').on(t.kind, t.groupKey, t.status, t.attempts, t.createdAt),
  ],
);

export type JobRow = typeof jobs.$inferSelect;

/**
 * A Jira issue tied to a tracker task under one mapping (a task in several tracker projects may
 * be linked once per mapping). The issue id survives a move between projects; the key is kept
 * current. `writtenValues` is what the bridge last wrote, so only changes are sent;
 * `pendingValues` is a write in flight (claimed before the side effect) for crash recovery.
 */
export const links = sqliteTable(
  'links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The config mapping it was made under (`default`: the top-level one). */
    mapping: text('mapping').notNull().default('default'),
    jiraIssueId: text('jira_issue_id').notNull(),
    jiraKey: text('jira_key').notNull(),
    taskId: text('task_id').notNull(),
    state: text('state', { enum: ['active', 'deleted'] })
      .notNull()
      .default('active'),
    /** Jira `updated` time (ms) of the newest issue state applied: older states are never applied. */
    issueUpdatedAt: integer('issue_updated_at'),
    writtenValues: text('written_values', { mode: 'json' })
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
    pendingValues: text('pending_values', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    lastSyncedAt: integer('last_synced_at'),
    /** Held while one worker syncs the issue, so two syncs of one issue never interleave. */
    syncLockedUntil: integer('sync_locked_until'),
    /**
     * Why the last recorded write happened (deliveries, job, Jira change, the rule per field), set
     * with `writtenValues`: the audit trigger copies it into each field's audit entry.
     */
    lastCause: text('last_cause', { mode: 'json' }).$type<Record<string, unknown>>(),
    /**
     * Who asked for the request: the names in the task's requester field
     * (`notifications.recipients.requesterField`), as last read; null until read once.
     */
    requesters: text('requesters', { mode: 'json' }).$type<string[]>(),
  },
  (t) => [
    uniqueIndex('links_mapping_issue_unique').on(t.jiraIssueId, t.mapping),
    uniqueIndex('links_mapping_task_unique').on(t.taskId, t.mapping),
    index('links_jira_key_idx').on(t.jiraKey),
  ],
);

export type LinkRow = typeof links.$inferSelect;

/**
 * A stakeholder notice for one task: changes are held here (durably) until the task has been
 * quiet, then sent as one comment. `baseline` holds each field's value before the first held
 * change, so a change and its revert cancel out. At most one notice per task is open; a notice
 * being sent (`sending`) has `announced` frozen, so a retry posts the same comment once. Its
 * sending is a job (kind `notice`), due at `dueAt`.
 */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    linkId: integer('link_id').notNull(),
    taskId: text('task_id').notNull(),
    jiraKey: text('jira_key').notNull(),
    status: text('status', { enum: ['open', 'sending', 'sent', 'cancelled', 'failed'] })
      .notNull()
      .default('open'),
    baseline: text('baseline', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    announced: text('announced', { mode: 'json' }).$type<Record<string, unknown>>(),
    actors: text('actors', { mode: 'json' }).$type<string[]>().notNull(),
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    firstChangeAt: integer('first_change_at').notNull(),
    lastChangeAt: integer('last_change_at').notNull(),
    dueAt: integer('due_at').notNull(),
    firstClaimedAt: integer('first_claimed_at'),
    sentAt: integer('sent_at'),
    commentId: text('comment_id'),
    /**
     * Set just before the comment is posted, cleared when the tracker answered: a notice found
     * with it set was cut off mid-post (a crash, a timeout), so the post may have landed.
     */
    postStartedAt: integer('post_started_at'),
    /** The comment as posted, and who it mentions (for the audit trail). */
    text: text('text'),
    recipients: text('recipients', { mode: 'json' }).$type<string[]>(),
  },
  (t) => [
    uniqueIndex('notices_one_open_per_link')
      .on(t.linkId)
      .where(sql`${t.status} = 'open'`),
    index('notices_task_sent_idx').on(t.taskId, t.sentAt),
  ],
);

export type NoticeRow = typeof notices.$inferSelect;

/** Small named values the bridge keeps between runs: the reconciliation watermark, the backfill cursor. */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** The secret a tracker handed over in a webhook's handshake, per tracker kind and watched resource (a project). */
export const trackerWebhooks = sqliteTable(
  'tracker_webhooks',
  {
    tracker: text('tracker').notNull(),
    resourceId: text('resource_id').notNull(),
    secret: text('secret').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tracker, t.resourceId] })],
);

/**
 * A webhook registration the bridge itself started, open only while its create request is in
 * flight: the tracker's handshake is accepted for this resource, once, until `expiresAt`. The
 * handshake's secret waits here as a candidate and becomes the resource's secret only when the
 * registration succeeds, so a forged handshake can never replace a secret that works.
 */
export const trackerWebhookRegistrations = sqliteTable(
  'tracker_webhook_registrations',
  {
    tracker: text('tracker').notNull(),
    resourceId: text('resource_id').notNull(),
    startedAt: integer('started_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    candidateSecret: text('candidate_secret'),
  },
  (t) => [primaryKey({ columns: [t.tracker, t.resourceId] })],
);

/**
 * Who a Jira user is in the tracker, by Jira account id (Jira Cloud hides most e-mail
 * addresses). Filled automatically where the e-mail is visible, or by an admin.
 */
export const userMap = sqliteTable('user_map', {
  jiraAccountId: text('jira_account_id').primaryKey(),
  trackerUserId: text('tracker_user_id').notNull(),
  displayName: text('display_name'),
  /** `email`: matched by a visible e-mail; `admin`: set through the API or CLI. */
  source: text('source', { enum: ['email', 'admin'] }).notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export type UserMapRow = typeof userMap.$inferSelect;

/**
 * Values the mapping could not place (a Jira user with no tracker user, a status with no mapping
 * and no category): the field was left unchanged, and this row tells the admin why.
 */
export const mappingGaps = sqliteTable(
  'mapping_gaps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['unmapped-user', 'unknown-status', 'unmapped-value'] }).notNull(),
    /** The Jira account id, or the status name as Jira sent it. */
    subject: text('subject').notNull(),
    detail: text('detail').notNull(),
    lastIssueKey: text('last_issue_key').notNull(),
    field: text('field').notNull(),
    occurrences: integer('occurrences').notNull().default(1),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [uniqueIndex('mapping_gaps_kind_subject_unique').on(t.kind, t.subject)],
);

export type MappingGapRow = typeof mappingGaps.$inferSelect;

/**
 * A request committed from the tracker: claimed (one row per task) before the Jira issue is
 * created, so a duplicated or retried commit event never creates a second issue.
 */
export const commits = sqliteTable('commits', {
  taskId: text('task_id').primaryKey(),
  status: text('status', { enum: ['creating', 'created', 'withdrawn'] }).notNull(),
  attempts: integer('attempts').notNull().default(1),
  jiraIssueId: text('jira_issue_id'),
  jiraKey: text('jira_key'),
  /** The "Committed as …" comment was claimed (it is posted at most once). */
  announced: integer('announced', { mode: 'boolean' }).notNull().default(false),
  /** After a re-commit, the Jira issue is to be reopened and told (`pending`), claimed once (`done`). */
  jiraNotice: text('jira_notice', { enum: ['pending', 'done'] }),
  updatedAt: integer('updated_at').notNull(),
});

export type CommitRow = typeof commits.$inferSelect;

/**
 * A comment relayed from one tool to the other, under one mapping: claimed (a row) before it is
 * posted, so a retry or a redelivery never posts it twice. `targetId` is the copy; a comment
 * found as a `targetId` is the bridge's own and is never relayed back. `text` is what was last
 * relayed, so an edit is mirrored once. `postStartedAt` is set while a post is in flight: a row
 * found with it set and no copy was cut off (a crash, a timeout), and the target is searched first.
 */
export const relayedComments = sqliteTable(
  'relayed_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    direction: text('direction', { enum: ['to-tracker', 'to-jira'] }).notNull(),
    mapping: text('mapping').notNull(),
    linkId: integer('link_id').notNull(),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id'),
    state: text('state', { enum: ['posting', 'posted', 'deleted'] }).notNull(),
    text: text('text').notNull(),
    postStartedAt: integer('post_started_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('relayed_comments_source_unique').on(t.direction, t.sourceId, t.mapping),
    index('relayed_comments_target_idx').on(t.targetId),
  ],
);

export type RelayedCommentRow = typeof relayedComments.$inferSelect;

/**
 * The audit trail: append-only, one row per thing the bridge did and why. Field writes and sent
 * notices are recorded by triggers (migration 0010) in the same statement as the change itself,
 * so neither can happen without its entry, even across a crash; admin actions are recorded by
 * the flows that do them, with the admin token's name as `actor`.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** `field-written`, `notice-sent`, `linked`, `unlinked`, `replayed`, `discarded`, `token-created`, ... */
    action: text('action').notNull(),
    /** Who: `jira:<name>` (the Jira change), `admin:<token name>`, or `bridge`. */
    actor: text('actor').notNull(),
    mapping: text('mapping'),
    jiraKey: text('jira_key'),
    taskId: text('task_id'),
    field: text('field'),
    oldValue: text('old_value', { mode: 'json' }),
    newValue: text('new_value', { mode: 'json' }),
    /** The rule of the mapping that produced the value. */
    rule: text('rule'),
    /** What caused it: delivery and job ids, the Jira changelog id, times; or the admin request. */
    cause: text('cause', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_jira_key_idx').on(t.jiraKey, t.id),
    index('audit_task_idx').on(t.taskId, t.id),
    index('audit_at_idx').on(t.at),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;

/** Named admin tokens: stored as SHA-256 hashes, never in clear; `read` tokens may only read. */
export const adminTokens = sqliteTable(
  'admin_tokens',
  {
    name: text('name').primaryKey(),
    role: text('role', { enum: ['read', 'admin'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [uniqueIndex('admin_tokens_hash_unique').on(t.tokenHash)],
);

export type AdminTokenRow = typeof adminTokens.$inferSelect;

/**
 * Each linked request's flow, as last computed from its Jira status history: what the portfolio
 * report aggregates. Recomputed when the issue has changed since (`issueUpdatedAt`).
 */
export const flowSnapshots = sqliteTable('flow_snapshots', {
  jiraIssueId: text('jira_issue_id').primaryKey(),
  jiraKey: text('jira_key').notNull(),
  status: text('status').notNull(),
  statusCategory: text('status_category', { enum: ['new', 'indeterminate', 'done'] }),
  statusSince: integer('status_since').notNull(),
  createdAt: integer('created_at').notNull(),
  startedAt: integer('started_at'),
  doneAt: integer('done_at'),
  leadMs: integer('lead_ms'),
  cycleMs: integer('cycle_ms'),
  blockedMs: integer('blocked_ms').notNull(),
  reopenings: integer('reopenings').notNull(),
  /** The issue's summary and target date (`YYYY-MM-DD`), for the status update. */
  summary: text('summary').notNull().default(''),
  dueDate: text('due_date'),
  /** When it is 50% and 85% likely to be done (the daily Monte Carlo forecast), or null. */
  forecastP50: integer('forecast_p50'),
  forecastP85: integer('forecast_p85'),
  /** The Jira `updated` time of the issue state this was computed from. */
  issueUpdatedAt: integer('issue_updated_at'),
  refreshedAt: integer('refreshed_at').notNull(),
});

export type FlowSnapshotRow = typeof flowSnapshots.$inferSelect;

/**
 * A mapping's status update for one period: claimed (a row, unique per mapping and period) before
 * it is posted, so a retry or a second scheduler posts it once. `text` and `title` are frozen at
 * the first attempt, so a retry posts the same words; `postStartedAt` is set while a post is in
 * flight: a row found with it set and no `trackerId` was cut off, and the project is searched first.
 */
export const statusUpdates = sqliteTable(
  'status_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mapping: text('mapping').notNull(),
    periodStart: integer('period_start').notNull(),
    periodEnd: integer('period_end').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull(),
    title: text('title'),
    statusType: text('status_type'),
    text: text('text'),
    postStartedAt: integer('post_started_at'),
    trackerId: text('tracker_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [uniqueIndex('status_updates_mapping_period_unique').on(t.mapping, t.periodEnd)],
);

export type StatusUpdateRow = typeof statusUpdates.$inferSelect;

/**
 * One stakeholder's digest of a status update: the comment that lists only their requests,
 * claimed (unique per update and person) before it is posted, its words frozen in `text`; a row
 * with `postStartedAt` and no `commentId` was cut off, and the task is searched first.
 */
export const statusDigests = sqliteTable(
  'status_digests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    statusUpdateId: integer('status_update_id').notNull(),
    userId: text('user_id').notNull(),
    /** The request whose task carries the comment (the person's most recently changed one). */
    taskId: text('task_id').notNull(),
    jiraKeys: text('jira_keys', { mode: 'json' }).$type<string[]>().notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    text: text('text'),
    postStartedAt: integer('post_started_at'),
    commentId: text('comment_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [uniqueIndex('status_digests_update_user_unique').on(t.statusUpdateId, t.userId)],
);

export type StatusDigestRow = typeof statusDigests.$inferSelect;

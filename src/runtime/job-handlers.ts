import { trackerEventJobHandler } from '../flows/commit/tracker-event-handler';
import type { Ctx } from '../flows/context';
import { JIRA_DELIVERY } from '../flows/jobs/delivery-job';
import { NOTICE } from '../flows/jobs/notice-job';
import { TRACKER_EVENT } from '../flows/jobs/tracker-event-job';
import { noticeJobHandler } from '../flows/notify/notice-handler';
import { syncJobHandler } from '../flows/sync/sync-handler';
import type { JobHandlers } from '../work/job-handler';
import { JIRA_COMMENT } from '../flows/jobs/jira-comment-job';
import { jiraCommentJobHandler } from '../flows/comments/jira-comment-handler';
import { STATUS_UPDATE } from '../flows/jobs/status-update-job';
import { FLOW_CATCH_UP, FLOW_FIELDS, FLOW_REFRESH } from '../flows/jobs/flow-jobs';
import { flowCatchUpJobHandler } from '../flows/flow/flow-catch-up';
import { BOARD_PLACE } from '../flows/jobs/board-job';
import { STATUS_DIGEST, STATUS_DIGESTS } from '../flows/jobs/digest-jobs';
import { statusDigestJobHandler, statusDigestsJobHandler } from '../flows/report/digest-handlers';
import { boardJobHandler } from '../flows/board/board-handler';
import { flowFieldsJobHandler, flowRefreshJobHandler } from '../flows/flow/flow-fields';
import { statusUpdateJobHandler } from '../flows/report/status-update-handler';

/** Every kind of background work the bridge does, by job kind: a new kind of job plugs in here. */
export const jobHandlers: JobHandlers<Ctx> = {
  [JIRA_DELIVERY]: syncJobHandler,
  [TRACKER_EVENT]: trackerEventJobHandler,
  [NOTICE]: noticeJobHandler,
  [JIRA_COMMENT]: jiraCommentJobHandler,
  [STATUS_UPDATE]: statusUpdateJobHandler,
  [FLOW_REFRESH]: flowRefreshJobHandler,
  [FLOW_FIELDS]: flowFieldsJobHandler,
  [FLOW_CATCH_UP]: flowCatchUpJobHandler,
  [BOARD_PLACE]: boardJobHandler,
  [STATUS_DIGESTS]: statusDigestsJobHandler,
  [STATUS_DIGEST]: statusDigestJobHandler,
};

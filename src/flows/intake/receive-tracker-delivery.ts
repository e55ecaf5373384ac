import { acceptHandshake, webhookSecret } from '../../adapters/storage/webhook-registrations-repo';
import {
  BadRequestError,
  ForbiddenError,
  PayloadTooLargeError,
  UnauthorizedError,
} from '../../platform/errors/app-errors';
import { trackerEventJob } from '../jobs/tracker-event-job';
import type { Ctx } from '../context';
import { mappingOfProject } from '../links/mapping-of-project';
import type { RawDelivery } from './receive-jira-delivery';

export type TrackerIntakeResult =
  { handshake: true; replyHeaders: Record<string, string> } | { handshake: false; events: number; stored: number };

/**
 * A tracker webhook request for `resourceId`, whatever the tracker: its handshake, accepted only
 * for a mapped tracker project while the bridge's own registration request is in flight; then
 * signed deliveries: verified, parsed by the adapter into events, capped, and stored as jobs in
 * one statement (deduplicated) before this returns. Nothing is written for a request that fails
 * any check.
 */
export async function receiveTrackerDelivery(
  root: Ctx,
  resourceId: string,
  delivery: RawDelivery,
): Promise<TrackerIntakeResult> {
  // The mapping whose tracker project this is; any other resource is refused below.
  const mapped = mappingOfProject(root, resourceId);
  const ctx = mapped ?? root;
  const { db, clock, log, config, tracker } = ctx;
  const resource = { tracker: tracker.kind, resourceId };
  const offered = tracker.intake.handshakeSecret(delivery.header);
  if (offered !== undefined) {
    if (!mapped) throw new ForbiddenError(`Resource ${resourceId} is not a tracker project of this bridge`);
    const problem = tracker.intake.handshakeProblem(offered);
    if (problem) throw new BadRequestError(problem);
    if (!(await acceptHandshake(db, resource, offered, clock.now()))) {
      log.warn('tracker handshake refused', {
        tracker: tracker.kind,
        resource: resourceId,
        reason: 'no registration in progress',
      });
      throw new ForbiddenError(
        `No webhook registration for ${resourceId} is in progress; a handshake is accepted only while ${tracker.kind}-webhook register runs`,
      );
    }
    log.info('tracker webhook handshake', { tracker: tracker.kind, resource: resourceId });
    return { handshake: true, replyHeaders: tracker.intake.handshakeReply(offered) };
  }

  const secret = mapped ? await webhookSecret(db, resource) : null;
  if (!secret || !(await tracker.intake.verify(secret, delivery.rawBody, delivery.header))) {
    log.warn('tracker delivery rejected', {
      tracker: tracker.kind,
      resource: resourceId,
      reason: secret ? 'bad signature' : 'no webhook for this resource',
    });
    throw new UnauthorizedError(`Missing or invalid ${tracker.intake.signatureHeader}`);
  }
  const { received, events } = tracker.intake.parse(delivery.rawBody);
  const cap = config.intake.maxTrackerEventsPerDelivery;
  if (received > cap) {
    throw new PayloadTooLargeError(
      `A delivery may carry at most ${cap} events (intake.maxTrackerEventsPerDelivery); this one has ${received}`,
      { limitEvents: cap },
    );
  }
  const jobs = await ctx.work.enqueue((await events()).map((e) => trackerEventJob(tracker.kind, resourceId, e)));
  const stored = new Set(jobs.filter((j) => j.scheduled).map((j) => j.id)).size;
  log.info(received ? 'tracker delivery stored' : 'tracker heartbeat', {
    tracker: tracker.kind,
    resource: resourceId,
    events: received,
    stored,
  });
  return { handshake: false, events: received, stored };
}

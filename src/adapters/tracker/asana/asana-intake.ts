import type { TrackerEvent, TrackerIntake } from '../tracker';
import { parseJsonBody } from '../../../platform/validation/parse-json';
import { asanaWebhookSchema, type AsanaEvent } from './webhook-schema';
import { verifyAsanaSignature } from './webhook-signature';
import { sha256Hex } from '../../../platform/crypto/digest';

const ACTIONS = new Set<TrackerEvent['action']>(['added', 'removed', 'deleted', 'undeleted', 'changed']);

/**
 * Asana's webhook protocol: a handshake (`X-Hook-Secret`, echoed back) while the create request
 * is open, then deliveries signed with `X-Hook-Signature`, each a batch of events; only events
 * about tasks and their comments matter to the bridge.
 */
export const asanaIntake: TrackerIntake = {
  resourcePattern: '[0-9]+',
  handshakeSecret: (header) => header('x-hook-secret'),
  handshakeProblem: (secret) =>
    /^[\x21-\x7e]{1,512}$/.test(secret) ? null : 'X-Hook-Secret must be 1-512 visible ASCII characters',
  handshakeReply: (secret) => ({ 'X-Hook-Secret': secret }),
  signatureHeader: 'X-Hook-Signature',
  verify: (secret, rawBody, header) => verifyAsanaSignature(secret, rawBody, header('x-hook-signature')),
  parse(rawBody) {
    const body = parseJsonBody(rawBody, asanaWebhookSchema, 'Asana webhook body');
    // Task events, and events about a story (a comment) on a task.
    const wanted = () =>
      body.events.filter(
        (e) =>
          ACTIONS.has(e.action as TrackerEvent['action']) &&
          (e.resource.resource_type === 'task' ||
            (e.resource.resource_type === 'story' && e.parent?.resource_type === 'task')),
      );
    return { received: body.events.length, events: () => Promise.all(wanted().map(toTrackerEvent)) };
  },
};

/** Asana events carry no id: one is a hash of what identifies it, so a redelivery is recognised. */
async function toTrackerEvent(event: AsanaEvent): Promise<TrackerEvent> {
  const key = await sha256Hex(
    JSON.stringify([
      event.resource.gid,
      event.action,
      event.created_at,
      event.change?.field,
      event.user?.gid,
      event.parent?.gid,
    ]),
  );
  const story = event.resource.resource_type === 'story';
  return {
    key,
    taskId: story ? event.parent!.gid : event.resource.gid,
    action: event.action as TrackerEvent['action'],
    field: event.change?.field ?? null,
    userId: event.user?.gid ?? null,
    ...(story && { commentId: event.resource.gid }),
  };
}

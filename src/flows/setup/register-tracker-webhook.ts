import { parsePublicUrl } from '../../platform/config/public-url';
import { BadRequestError } from '../../platform/errors/app-errors';
import {
  closeRegistration,
  completeRegistration,
  openRegistration,
  webhookSecret,
} from '../../adapters/storage/webhook-registrations-repo';
import type { Ctx } from '../context';
import { mappingOfProject } from '../links/mapping-of-project';

/**
 * How long a registration's handshake window stays open at most. The tracker sends the handshake
 * while its create request is open, and that request times out well within this; the window is
 * closed as soon as the request returns, whatever it answered.
 */
const HANDSHAKE_WINDOW_MS = 60_000;

export interface RegisterOptions {
  /** Delete the tracker's existing webhook for this target and create a new one (a new secret). */
  replace?: boolean;
}

/**
 * Registers the tracker webhook the commit trigger needs, pointing at this bridge, for the
 * project of a mapping of the config. Only while the tracker's create request is in flight does the bridge
 * accept a handshake for that project, and its secret replaces the stored one only once the
 * tracker confirms the webhook. A rerun finds the webhook and changes nothing.
 */
export async function registerTrackerWebhook(
  root: Ctx,
  projectId: string,
  publicUrl: string,
  options: RegisterOptions = {},
) {
  const mapped = mappingOfProject(root, projectId);
  if (!mapped) {
    const projects = root.mappingNames.map((n) => root.inMapping(n).tracker.projectId);
    throw new BadRequestError(
      `Project ${projectId} is not the tracker project of any mapping of the config (the ${root.tracker.kind} project${projects.length > 1 ? 's are' : ' is'} ${projects.join(', ')})`,
    );
  }
  const { db, clock, tracker } = mapped;
  const resource = { tracker: tracker.kind, resourceId: projectId };
  const target = `${parsePublicUrl(publicUrl)}/webhooks/${tracker.kind}/${projectId}`;
  let opened = false;
  try {
    const result = await tracker.setup.registerWebhook(target, {
      replace: options.replace ?? false,
      beforeCreate: async () => {
        opened = true;
        await openRegistration(db, resource, clock.now(), clock.now() + HANDSHAKE_WINDOW_MS);
      },
    });
    if (result.status !== 'exists' && !(await completeRegistration(db, resource, clock.now()))) {
      throw new BadRequestError(
        `The tracker created webhook ${result.id}, but its handshake did not reach this bridge's database: is ${target} served by this bridge?`,
      );
    }
    const secretKnown = (await webhookSecret(db, resource)) !== null;
    return {
      target,
      ...result,
      secretKnown,
      ...(!secretKnown && {
        hint: 'the bridge has no secret for this webhook (its database was replaced?): register again with replace to get a new one',
      }),
    };
  } finally {
    if (opened) await closeRegistration(db, resource);
  }
}

import { z } from 'zod';

const gid = z.string().regex(/^\d+$/);

/** One Asana webhook event, parsed leniently (only what the commit trigger reads). */
export const asanaEventSchema = z
  .object({
    action: z.string().min(1),
    created_at: z.string().optional(),
    user: z.object({ gid }).passthrough().nullish(),
    resource: z.object({ gid, resource_type: z.string() }).passthrough(),
    parent: z.object({ gid, resource_type: z.string() }).passthrough().nullish(),
    change: z.object({ field: z.string().optional(), action: z.string().optional() }).passthrough().nullish(),
  })
  .passthrough();

/** A delivery: `{events: [...]}`; a heartbeat has none. */
export const asanaWebhookSchema = z.object({ events: z.array(asanaEventSchema).default([]) }).passthrough();

export type AsanaEvent = z.infer<typeof asanaEventSchema>;

import type { Ctx } from '../../flows/context';
import type { Clock } from '../../platform/clock/clock';
import { parseEnv, type BridgeEnv } from '../../platform/config/env';
import type { Logger } from '../../platform/log/logger';
import type { RetryPolicy } from '../../platform/retry/with-retry';
import type { Dispatcher } from '../../work/work';
import { createAsyncRequestScope } from '../async-request-scope';
import { buildContext } from '../build-context';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from './load-config';
import { openDatabase, type OpenedDatabase } from './open-database';

export interface NodeRuntime {
  env: BridgeEnv;
  database: OpenedDatabase;
  ctx: Ctx;
}

/** Reads settings and config, opens the database, and builds the context: shared by server, CLI and demo. */
export async function buildNodeRuntime(
  rawEnv: Record<string, string | undefined>,
  clock: Clock,
  log: Logger,
  dispatcher: Dispatcher,
  options: { retry?: RetryPolicy; timeoutMs?: number } = {},
): Promise<NodeRuntime> {
  const env = parseEnv(rawEnv);
  const config = await loadConfigFile(env.BRIDGE_CONFIG ?? DEFAULT_CONFIG_PATH);
  const database = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  const ctx = buildContext({
    env,
    rawEnv,
    config,
    db: database.db,
    clock,
    log,
    dispatcher,
    trace: createAsyncRequestScope(),
    // Deliveries that arrive together are written in one transaction.
    groupCommit: true,
    // An acknowledgement waits for its delivery to be stored, never for a sync's statements.
    storeDb: database.priorityDb,
    ...options,
  });
  return { env, database, ctx };
}

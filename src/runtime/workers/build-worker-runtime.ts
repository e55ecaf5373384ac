import { parseJsonc } from '../../platform/config/parse-jsonc';
import bundledConfig from './generated/bundled-config';
import { missingSyncSettings, parseEnv, type BridgeEnv } from '../../platform/config/env';
import { parseConfig } from '../../platform/config/parse-config';
import type { BridgeConfig } from '../../platform/config/schema';
import { systemClock, type Clock } from '../../platform/clock/clock';
import { createJsonLogger, type Logger } from '../../platform/log/logger';
import type { Db } from '../../adapters/storage/database';
import type { SyncDeps } from '../../flows/sync/sync-deps';
import { buildSyncDeps } from '../build-sync-deps';
import { openWorkerDatabase } from './open-worker-database';
import type { WorkerEnv } from './worker-env';

export interface WorkerRuntime {
  env: BridgeEnv;
  config: BridgeConfig;
  db: Db;
  sync: SyncDeps | null;
  missingSettings: string[];
  clock: Clock;
  logger: Logger;
}

/**
 * Builds the bridge from the Worker's bindings, per invocation: cheap (no I/O), and nothing
 * outlives the request or batch. A bad config fails here with the same messages as on Node.
 */
export function buildWorkerRuntime(bindings: WorkerEnv): WorkerRuntime {
  const { DB, DELIVERIES: _q, DEAD_LETTERS: _d, BRIDGE_CONFIG_JSON, ...vars } = bindings;
  const env = parseEnv(vars as Record<string, string | undefined>);
  const config = parseConfig(readConfigJson(BRIDGE_CONFIG_JSON), BRIDGE_CONFIG_JSON ? 'BRIDGE_CONFIG_JSON' : 'config/bridge.config.json (bundled)');
  const clock = systemClock;
  const logger = createJsonLogger(undefined, undefined, env.LOG_LEVEL);
  const db = openWorkerDatabase(DB, env);
  const sync = buildSyncDeps(env, config, db, clock, logger);
  return { env, config, db, sync, missingSettings: missingSyncSettings(env), clock, logger };
}

function readConfigJson(json: string | undefined): unknown {
  return json ? parseJsonc(json, 'BRIDGE_CONFIG_JSON') : bundledConfig;
}

import { missingSyncSettings, parseEnv, type BridgeEnv } from '../../platform/config/env';
import type { BridgeConfig } from '../../platform/config/schema';
import type { Clock } from '../../platform/clock/clock';
import type { Logger } from '../../platform/log/logger';
import type { SyncDeps } from '../../flows/sync/sync-deps';
import { buildSyncDeps } from '../build-sync-deps';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from './load-config';
import { openDatabase, type OpenedDatabase } from './open-database';

export interface NodeRuntime {
  env: BridgeEnv;
  config: BridgeConfig;
  database: OpenedDatabase;
  sync: SyncDeps | null;
  missingSettings: string[];
}

/** Reads settings and config, opens the database, and builds the adapters: shared by server, CLI and demo. */
export async function buildNodeRuntime(rawEnv: Record<string, string | undefined>, clock: Clock, logger: Logger): Promise<NodeRuntime> {
  const env = parseEnv(rawEnv);
  const config = await loadConfigFile(env.BRIDGE_CONFIG ?? DEFAULT_CONFIG_PATH);
  const database = await openDatabase(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  const sync = buildSyncDeps(env, config, database.db, clock, logger);
  return { env, config, database, sync, missingSettings: missingSyncSettings(env) };
}

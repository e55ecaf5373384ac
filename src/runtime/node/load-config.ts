import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../../platform/errors/app-errors';
import { parseConfig } from '../trackers';
import { parseJsonc } from '../../platform/config/parse-jsonc';
import type { BridgeConfig } from '../../platform/config/schema';

export const DEFAULT_CONFIG_PATH = 'config/bridge.config.json';

/** Reads and validates the config file (BRIDGE_CONFIG, else config/bridge.config.json), JSON with comments allowed. */
export async function loadConfigFile(path = DEFAULT_CONFIG_PATH): Promise<BridgeConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  return parseConfig(parseJsonc(text, file), file);
}

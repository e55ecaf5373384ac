import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../../errors/app-errors';
import { parseConfig } from '../../config/parse-config';
import type { BridgeConfig } from '../../config/schema';

export const DEFAULT_CONFIG_PATH = 'config/bridge.config.json';

/** Reads and validates the config file (BRIDGE_CONFIG, else config/bridge.config.json). */
export async function loadConfigFile(path = DEFAULT_CONFIG_PATH): Promise<BridgeConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read the file: ${(err as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, [`not valid JSON: ${(err as Error).message}`]);
  }
  return parseConfig(json, file);
}

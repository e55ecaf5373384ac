// Validates a config file and exits non-zero with one line per problem. With --bundle (the
// Worker build runs this), also writes the config as a module the Worker bundles: the file may
// be JSONC, which a bundler's JSON import would refuse.
//   npm run check:config [-- path/to/config.json] [--bundle]
import { readFile, writeFile } from 'node:fs/promises';
import { parseJsonc } from '../../../platform/config/parse-jsonc';
import { describeError } from '../../../platform/log/logger';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../load-config';
import { BUNDLED_CONFIG_MODULE, bundledConfigSource } from './bundled-config-source';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--')) ?? DEFAULT_CONFIG_PATH;
try {
  await loadConfigFile(path);
  if (args.includes('--bundle'))
    await writeFile(BUNDLED_CONFIG_MODULE, bundledConfigSource(parseJsonc(await readFile(path, 'utf8'), path), path));
} catch (err) {
  console.error(describeError(err));
  process.exit(1);
}

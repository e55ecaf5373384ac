// Validates a config file and exits non-zero with one line per problem (used by the Worker build).
//   npm run check:config [-- path/to/config.json]
import { describeError } from '../../../observability/logger';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../load-config';

const path = process.argv[2] ?? DEFAULT_CONFIG_PATH;
try {
  await loadConfigFile(path);
} catch (err) {
  console.error(describeError(err));
  process.exit(1);
}

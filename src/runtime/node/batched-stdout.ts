import type { LogSink } from '../../platform/log/logger';

/**
 * Log lines for stdout, written together once per turn of the event loop: a busy server logs a
 * few lines per delivery, and one write for each was a large share of an acknowledgement's cost.
 * What is waiting is written before the process exits (a crash included); only a kill loses it.
 */
export function batchedStdout(write: (chunk: string) => void = (chunk) => process.stdout.write(chunk)): {
  sink: LogSink;
  flush(): void;
} {
  let lines: string[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    const chunk = `${lines.join('\n')}\n`;
    lines = [];
    write(chunk);
  };
  process.once('exit', flush);
  return {
    sink(line) {
      if (lines.push(line) === 1) setImmediate(flush);
    },
    flush,
  };
}

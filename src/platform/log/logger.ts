/** Structured JSON logs: one object per line. Never pass secrets in `fields`. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;

export type LogLevel = 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2, silent: 3 };

export function createJsonLogger(sink: LogSink = (line) => console.log(line), clock: () => number = Date.now, minLevel: LogLevel = 'info'): Logger {
  const write = (level: Exclude<LogLevel, 'silent'>) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (RANK[level] >= RANK[minLevel]) sink(JSON.stringify({ time: new Date(clock()).toISOString(), level, msg, ...fields }));
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The message of an error, for logs and stored `last_error`; never a stack or a request. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

import type { Clock } from '../clock/clock';

/** Structured JSON logs: one object per line. Never pass secrets in `fields`. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line also carries `fields` (a job's id, say). */
  child(fields: Record<string, unknown>): Logger;
}

export type LogSink = (line: string) => void;

export type LogLevel = 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { info: 0, warn: 1, error: 2, silent: 3 };

/** Lines go to `sink` (stdout by default), timed by the bridge's one clock. */
export function createJsonLogger(
  sink: LogSink = (line) => console.log(line),
  clock: Pick<Clock, 'now'> = { now: () => Date.now() },
  minLevel: LogLevel = 'info',
  bound: Record<string, unknown> = {},
): Logger {
  const write =
    (level: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (RANK[level] >= RANK[minLevel])
        sink(JSON.stringify({ time: new Date(clock.now()).toISOString(), level, msg, ...bound, ...fields }));
    };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createJsonLogger(sink, clock, minLevel, { ...bound, ...fields }),
  };
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {}, child: () => silentLogger };

/** The message of an error, for logs and stored `last_error`; never a stack or a request. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

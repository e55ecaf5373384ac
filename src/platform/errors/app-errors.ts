/**
 * The bridge's typed errors. Each carries the HTTP status it maps to (see to-http.ts)
 * and a stable machine-readable code; messages are written for the operator.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Extra, non-secret detail included in the JSON error body. */
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

export class BadRequestError extends AppError {
  readonly status = 400;
  readonly code = 'bad_request';
}

/** A body that parsed as JSON but does not have the expected shape. */
export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'invalid_body';
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message, { problems });
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthorized';
}

/** Authenticated or not, this caller may not do this (e.g. a handshake nobody asked for). */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

/** The process is shutting down: intake stops; the sender should come back (Jira retries a 503). */
export class ShuttingDownError extends AppError {
  readonly status = 503;
  readonly code = 'shutting_down';
  readonly retryAfterSeconds = 30;
}

/** The bridge is running but lacks settings this request needs (secret, credentials). */
export class NotConfiguredError extends AppError {
  readonly status = 503;
  readonly code = 'not_configured';
}

export type UpstreamService = 'jira' | 'tracker';

export interface UpstreamFailure {
  service: UpstreamService;
  /** `http`: it answered with an error status; `network`: no answer; `timeout`: no answer in time. */
  kind: 'http' | 'network' | 'timeout';
  upstreamStatus?: number;
  /** How long the service asked us to wait (Retry-After / X-RateLimit-Reset), in ms. */
  retryAfterMs?: number;
}

/** Jira or the tracker answered with an error or could not be reached. */
export class UpstreamError extends AppError {
  readonly status = 502;
  readonly code = 'upstream_error';
  constructor(
    message: string,
    readonly failure: UpstreamFailure,
    options?: { cause?: unknown },
  ) {
    super(message, { service: failure.service, upstreamStatus: failure.upstreamStatus }, options);
  }
}

/** Another worker is syncing the same issue right now; try again shortly. */
export class SyncBusyError extends AppError {
  readonly status = 409;
  readonly code = 'sync_busy';
  readonly retryAfterMs = 2_000;
}

/** The config file is invalid; `problems` names each offending path. */
export class ConfigError extends AppError {
  readonly status = 500;
  readonly code = 'invalid_config';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${source}:\n  - ${problems.join('\n  - ')}`, { problems });
  }
}

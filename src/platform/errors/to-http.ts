import { AppError } from './app-errors';

export interface HttpErrorBody {
  error: { code: string; message: string } & Record<string, unknown>;
}

/** The one place where errors become HTTP responses. Unknown errors never leak their message. */
export function toHttpError(err: unknown): { status: number; body: HttpErrorBody } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, ...err.details } } };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'Internal error' } } };
}

import type { DetailCode, ErrorCode, GapCode } from './server-messages';

/**
 * Typed errors. Each carries a stable code, an HTTP status and a message that is safe to show
 * a client: never PHI, never internals. Anything that is not an AppError becomes a 500.
 */
export interface ErrorDetail {
  readonly path?: string;
  readonly message: string;
  /** A field's problem by code (`detail.<code>`), or a gap's (`gap.<code>`) when gaps are the details. */
  readonly code?: DetailCode | GapCode;
  readonly [key: string]: unknown;
}

export class AppError extends Error {
  /** A key of the server catalogue (`error.<code>`), so the patient page can say it in any language. */
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: readonly ErrorDetail[] | undefined;

  constructor(
    code: ErrorCode,
    statusCode: number,
    message: string,
    options?: { details?: readonly ErrorDetail[]; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.statusCode = statusCode;
    this.details = options?.details;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: readonly ErrorDetail[]) {
    super('validation_failed', 400, message, details ? { details } : undefined);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid token is required for this route.') {
    super('unauthorized', 401, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super('not_found', 404, message);
  }
}

export class ConflictError extends AppError {
  constructor(code: ErrorCode, message: string, details?: readonly ErrorDetail[]) {
    super(code, 409, message, details ? { details } : undefined);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super('payload_too_large', 413, message);
  }
}

/** Too many requests from one caller; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequestsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_requests', 429, `Too many requests. Please retry after ${retryAfterSeconds} seconds.`);
  }
}

/** A lost race on a conditional write: the caller may reload and retry. */
export class ConcurrentUpdateError extends AppError {
  constructor(cause?: unknown) {
    super('concurrent_update', 409, 'The case changed while this request ran. Please retry.', { cause });
  }
}

/**
 * A one-time action (a notification) is being done by another attempt that has not finished.
 * Named `ActionInProgress` for the workflow's Retry, which waits longer than a claim takes to
 * go stale; an API caller may retry in a moment.
 */
export class ActionInProgressError extends AppError {
  constructor() {
    super('action_in_progress', 409, 'This action is already under way. Please retry in a minute.');
    this.name = 'ActionInProgress';
  }
}

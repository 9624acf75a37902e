import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../adapters/logger';
import { checkHospitalRate } from '../adapters/rate-limiter';
import type { RouteAuth } from '../contract';
import type { AuthContext, AuthFor } from '../core/actor';
import {
  AppError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  ValidationError,
} from '../core/errors';
import { parseWith } from '../core/validation';
import { authContext } from './auth-context';

const MAX_BODY_BYTES = 256 * 1024;

/**
 * What any path parameter may be: every id this API issues (`case_…`, `rpt_…`), gap ids
 * (`diagnosis:marker:MSI/MMR`) and sample hospital ids fit in 128 printable ASCII characters.
 * Anything else names nothing, and answering 404 before a store call keeps DynamoDB's key-size
 * limit (an error, a 500) out of reach.
 */
const PATH_PARAMETER = /^[\x20-\x7e]{1,128}$/;

function pathParameters(event: APIGatewayProxyEventV2): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.pathParameters ?? {})) {
    if (value === undefined) continue;
    if (!PATH_PARAMETER.test(value)) throw new NotFoundError();
    params[key] = value;
  }
  return params;
}

export interface RouteResult {
  readonly statusCode: number;
  readonly body?: unknown;
}

export interface RouteInput<R extends RouteAuth, B> {
  readonly event: APIGatewayProxyEventV2;
  readonly auth: AuthFor<R>;
  readonly body: B;
  readonly params: Record<string, string>;
  /**
   * The business clock: when API Gateway received the request (`requestContext.timeEpoch`).
   * Deadlines and the case's business timeline use it; signing and expiries use real time.
   */
  readonly now: Date;
}

const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function errorBody(error: AppError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details && error.details.length > 0 ? { details: error.details } : {}),
    },
  };
}

/** Only AppErrors reach the client as they are; anything else is a 500 with no internals. */
export function errorResponses(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof AppError) {
        if (error.statusCode >= 500)
          logger.error('request failed', { code: error.code, errorName: error.name });
        request.response = {
          statusCode: error.statusCode,
          headers:
            error instanceof TooManyRequestsError
              ? { ...baseHeaders, 'retry-after': String(error.retryAfterSeconds) }
              : baseHeaders,
          body: JSON.stringify(errorBody(error)),
        };
        return;
      }
      // The name and the frames, not the message: a message may echo request data.
      const frames = (error as Error | null)?.stack?.split('\n').slice(1).join('\n');
      logger.error('unexpected error', { errorName: (error as Error | null)?.name, frames });
      request.response = {
        statusCode: 500,
        headers: baseHeaders,
        body: JSON.stringify({
          error: { code: 'internal_error', message: 'Something went wrong. Please try again.' },
        }),
      };
    },
  };
}

/** A handler answered with something its response schema does not describe: a server fault. */
export class ResponseSchemaError extends AppError {
  constructor() {
    super('internal_error', 500, 'Something went wrong. Please try again.');
  }
}

/**
 * What a route's answer is checked against: any zod schema, classic or mini (the response
 * schemas in core/responses are mini, so a read handler carries no classic zod for them).
 */
export interface ResponseSchema {
  safeParse(body: unknown):
    | { readonly success: true }
    | {
        readonly success: false;
        readonly error: {
          readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly code: string }[];
        };
      };
}

/**
 * The answer is checked, not rewritten: what leaves is the handler's own body, so a schema that
 * names only what clients read changes nothing on the wire. A mismatch is logged by field path
 * and issue code only (never a value: bodies carry PHI) and the client gets a plain 500.
 */
function checkResponse(schema: ResponseSchema, body: unknown): void {
  const result = schema.safeParse(body);
  if (result.success) return;
  logger.error('response does not match its schema', {
    fields: result.error.issues.slice(0, 20).map((issue) => ({
      path: issue.path.map(String).join('.'),
      code: issue.code,
    })),
  });
  throw new ResponseSchemaError();
}

function jsonBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw new ValidationError('A JSON request body is required.');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON.');
  }
}

/**
 * Declares one HTTP route: who may call it, the zod schema of its body, and the function that
 * does the work. Handlers stay thin: parse, call core and adapters, respond.
 */
export function route<R extends RouteAuth, S extends z.ZodType | undefined = undefined>(
  /**
   * `body` is a schema, or a function making one per request (for rules that depend on today).
   * `response`, when given, is what every successful answer must be: checked before it leaves.
   */
  config: { auth: R; body?: S | (() => S); response?: ResponseSchema },
  // The body stays `unknown` to the compiler: stored records type some fields looser than the
  // wire does (a delivered case always has `deliveredAt`), so the schema is enforced at run time.
  fn: (input: RouteInput<R, S extends z.ZodType ? z.output<S> : undefined>) => Promise<RouteResult>,
) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(errorResponses())
    .handler(async (event) => {
      const auth = authContext(event, config.auth) as AuthFor<R>;
      const params = pathParameters(event);
      // Hospitals poll; each gets its own budget so one cannot crowd out another.
      const caller: AuthContext = auth;
      if (caller.role === 'hospital') await checkHospitalRate(caller.hospitalId);
      const schema = typeof config.body === 'function' ? config.body() : config.body;
      const body = (schema ? parseWith(schema, jsonBody(event)) : undefined) as S extends z.ZodType
        ? z.output<S>
        : undefined;
      const epoch = event.requestContext?.timeEpoch;
      const now = typeof epoch === 'number' && Number.isFinite(epoch) ? new Date(epoch) : new Date();
      const result = await fn({ event, auth, body, params, now });
      if (config.response && result.statusCode < 400) checkResponse(config.response, result.body);
      return {
        statusCode: result.statusCode,
        headers: baseHeaders,
        ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
      };
    });
}

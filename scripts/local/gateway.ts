import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { authorizers, type FunctionKey, type RouteDefinition, routes } from '../../functions/contract';
import { tokenAuthorizerSettings } from '../../infra/definitions';
import type { BusinessClock } from './clock';

/** API Gateway's payload limit for HTTP APIs. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export type Invoke = (key: FunctionKey, event: unknown) => Promise<unknown>;

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly names: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
      names.push(parameter[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function errorResult(statusCode: number, code: string, message: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: jsonHeaders, body: JSON.stringify({ error: { code, message } }) };
}

const badRequest = () => errorResult(400, 'bad_request', 'The request path or query is not valid.');

/**
 * Splits a request target into its path and query as API Gateway sees them. Only a path
 * (origin form) is a request to this API; `//host/…` is not a host here, it is a path.
 */
function requestTarget(target: string): { path: string; query: string } | undefined {
  const hash = target.indexOf('#');
  const withoutFragment = hash === -1 ? target : target.slice(0, hash);
  const mark = withoutFragment.indexOf('?');
  const path = mark === -1 ? withoutFragment : withoutFragment.slice(0, mark);
  const query = mark === -1 ? '' : withoutFragment.slice(mark + 1);
  if (!path.startsWith('/')) return undefined;
  return { path, query };
}

/** Decodes percent escapes, or says the text is malformed (`%`, `%zz`, an invalid UTF-8 sequence). */
function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The query string as API Gateway's payload 2.0 gives it: repeated names joined by commas. */
function queryParameters(query: string): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decoded((equals === -1 ? pair : pair.slice(0, equals)).replace(/\+/g, ' '));
    const value = decoded((equals === -1 ? '' : pair.slice(equals + 1)).replace(/\+/g, ' '));
    if (name === undefined || value === undefined) return undefined;
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
}

/** API Gateway's authorizer result cache, keyed by authorizer and identity source, with its TTL. */
class AuthorizerCache {
  private readonly entries = new Map<string, { until: number; context: Record<string, string> }>();

  constructor(private readonly ttlSeconds: number) {}

  get(key: string): Record<string, string> | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.until > Date.now()) return entry.context;
    this.entries.delete(key);
    return undefined;
  }

  /** Only allowed answers are kept: the hole a cache opens is a token that stopped being valid. */
  set(key: string, context: Record<string, string>): void {
    if (this.ttlSeconds > 0) this.entries.set(key, { until: Date.now() + this.ttlSeconds * 1000, context });
  }
}

/**
 * The local stand-in for API Gateway: it turns requests into HTTP API (payload 2.0) events for
 * the same handler modules Lambda runs. Every non-public route runs its Lambda authorizer first,
 * as API Gateway does with REQUEST authorizers and simple responses: the coordinator authorizer
 * (sign-in access tokens) for coordinator routes, the token authorizers for patient and hospital
 * routes. `Unauthorized` is a 401, `isAuthorized: false` a 403, any other failure a 500.
 */
export class LocalGateway {
  private readonly compiled = routes.map(compile);
  private readonly authorizerCache = new AuthorizerCache(tokenAuthorizerSettings.resultsCacheTtlSeconds);
  private server: Server | undefined;

  constructor(
    private readonly invoke: Invoke,
    /** Stamps each request's time (requestContext.timeEpoch), as API Gateway does with real time. */
    private readonly clock: BusinessClock,
  ) {}

  private match(method: string, path: string) {
    for (const candidate of this.compiled) {
      if (candidate.route.method !== method) continue;
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      for (const [index, name] of candidate.names.entries()) {
        const value = decoded(found[index + 1] ?? '');
        if (value === undefined) return 'malformed' as const;
        params[name] = value;
      }
      return { route: candidate.route, params };
    }
    return undefined;
  }

  async dispatch(request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: Buffer;
    sourceIp: string;
  }): Promise<APIGatewayProxyStructuredResultV2> {
    const target = requestTarget(request.url);
    if (!target) return badRequest();
    const { path, query } = target;
    // A path or query that cannot be decoded names nothing: a 400 before any route or authorizer runs.
    const queryStringParameters = queryParameters(query);
    if (decoded(path) === undefined || queryStringParameters === undefined) return badRequest();
    const matched = this.match(request.method, path);
    if (matched === 'malformed') return badRequest();
    if (!matched) return errorResult(404, 'not_found', 'No such route.');
    const { route, params } = matched;

    let authorizer: Record<string, unknown> = {};
    if (route.auth !== 'public') {
      const authEvent = {
        headers: request.headers,
        routeKey: `${route.method} ${route.path}`,
        // As in API Gateway's REQUEST authorizer payload 2.0.
        requestContext: { http: { method: request.method, path, sourceIp: request.sourceIp } },
      };
      const identity = request.headers[tokenAuthorizerSettings.identityHeader.toLowerCase()];
      // The cache key is the identity source, per authorizer; a request without one is not cached.
      const cacheKey = identity === undefined ? undefined : `${route.auth}\n${identity}`;
      let context = cacheKey === undefined ? undefined : this.authorizerCache.get(cacheKey);
      if (!context) {
        let result: { isAuthorized?: boolean; context?: Record<string, string> };
        try {
          result = (await this.invoke(authorizers[route.auth], authEvent)) as typeof result;
        } catch (error) {
          // API Gateway answers an authorizer's `Unauthorized` with 401 before the route runs; an
          // authorizer that fails otherwise is a 500.
          return (error as Error).message === 'Unauthorized'
            ? errorResult(401, 'unauthorized', 'A valid token is required for this route.')
            : errorResult(500, 'internal_error', 'Something went wrong. Please try again.');
        }
        if (result?.isAuthorized !== true)
          return errorResult(403, 'forbidden', 'This sign-in does not give access to this route.');
        context = result.context ?? {};
        if (cacheKey !== undefined) this.authorizerCache.set(cacheKey, context);
      }
      authorizer = { lambda: context };
    }

    const now = this.clock.now();
    const isText = /json|text|xml|urlencoded/.test(request.headers['content-type'] ?? 'application/json');
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: path,
      rawQueryString: query,
      headers: request.headers,
      ...(Object.keys(queryStringParameters).length ? { queryStringParameters } : {}),
      ...(Object.keys(params).length ? { pathParameters: params } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: request.headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method: request.method,
          path,
          protocol: 'HTTP/1.1',
          sourceIp: request.sourceIp,
          userAgent: request.headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        authorizer,
      } as APIGatewayProxyEventV2['requestContext'],
      isBase64Encoded: request.body.length > 0 && !isText,
      ...(request.body.length > 0
        ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') }
        : {}),
    };
    try {
      return (await this.invoke(route.handler, event)) as APIGatewayProxyStructuredResultV2;
    } catch {
      return errorResult(500, 'internal_error', 'Something went wrong. Please try again.');
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_PAYLOAD_BYTES) {
        const result = errorResult(413, 'payload_too_large', 'Request bodies are limited to 10 MB.');
        response.writeHead(result.statusCode ?? 413, result.headers as Record<string, string>);
        response.end(result.body);
        request.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    const result = await this.dispatch({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers,
      body: Buffer.concat(chunks),
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    });
    response.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
    response.end(
      result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''),
    );
  }

  async listen(host: string, port: number): Promise<number> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        if (response.headersSent) return response.end();
        const result = errorResult(500, 'internal_error', 'Something went wrong. Please try again.');
        response.writeHead(500, jsonHeaders);
        response.end(result.body);
      });
    });
    // A request Node cannot parse (a bad request line, a malformed or oversized header) gets
    // the same JSON error as every other refusal, not Node's bare 400.
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const [status, code, text] =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'headers_too_large', 'Request Header Fields Too Large']
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'request_timeout', 'Request Timeout']
            : [400, 'bad_request', 'Bad Request'];
      const body = JSON.stringify({ error: { code, message: `The request could not be read (${text}).` } });
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, host, resolve);
    });
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

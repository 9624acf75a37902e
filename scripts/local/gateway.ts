import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createTokenAuthorizer } from '../../functions/auth/token-authorizer';
import { authorizers, type FunctionKey, type RouteDefinition, routes } from '../../infra/definitions';
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

const coordinatorAuthorizer = createTokenAuthorizer('coordinator');

function errorResult(statusCode: number, code: string, message: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify({ error: { code, message } }),
  };
}

/**
 * The local stand-in for API Gateway: it turns requests into HTTP API (payload 2.0) events for
 * the same handler modules Lambda runs. Patient and hospital routes go through the same token
 * authorizer code; coordinator routes, IAM-authorized in AWS, take the local coordinator token
 * and reach the handler with an IAM-shaped identity.
 */
export class LocalGateway {
  private readonly compiled = routes.map(compile);
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
      candidate.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
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
    const url = new URL(request.url, 'http://local');
    const matched = this.match(request.method, url.pathname);
    if (!matched) return errorResult(404, 'not_found', 'No such route.');
    const { route, params } = matched;

    let authorizer: Record<string, unknown>;
    try {
      const authEvent = { headers: request.headers, routeKey: `${route.method} ${route.path}` };
      if (route.auth === 'public') {
        authorizer = {};
      } else if (route.auth === 'coordinator') {
        const result = await coordinatorAuthorizer(authEvent);
        authorizer = {
          iam: { userArn: `local:${result.context.subject}`, callerId: result.context.subject },
        };
      } else {
        const result = (await this.invoke(authorizers[route.auth], authEvent)) as {
          context: Record<string, string>;
        };
        authorizer = { lambda: result.context };
      }
    } catch {
      // API Gateway answers an authorizer's `Unauthorized` with 401 before the route runs.
      return errorResult(401, 'unauthorized', 'A valid token is required for this route.');
    }

    const now = this.clock.now();
    const isText = /json|text|xml|urlencoded/.test(request.headers['content-type'] ?? 'application/json');
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers: request.headers,
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      ...(Object.keys(params).length ? { pathParameters: params } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: request.headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method: request.method,
          path: url.pathname,
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
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
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

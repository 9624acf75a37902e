import type { FunctionKey } from '../../functions/contract';
import { routes } from '../../functions/contract';
import { functions } from '../../infra/definitions';
import type { BackendMeter } from '../local/backend';

/**
 * us-east-1 list prices (USD) the estimate uses, as published on each service's pricing page:
 * Step Functions Standard, Lambda on arm64, DynamoDB on-demand, S3 Standard requests, API Gateway
 * HTTP APIs (first 300 million), SES outbound email.
 */
export const prices = {
  stateTransition: 0.025 / 1_000,
  lambdaGbSecondArm: 0.0000133334,
  lambdaRequest: 0.2 / 1_000_000,
  dynamoWriteRequestUnit: 0.625 / 1_000_000,
  dynamoReadRequestUnit: 0.125 / 1_000_000,
  s3PutCopyPostList: 0.005 / 1_000,
  s3GetAndOther: 0.0004 / 1_000,
  httpApiRequest: 1.0 / 1_000_000,
  sesEmail: 0.1 / 1_000,
} as const;

const routeHandlers = new Set<FunctionKey>(routes.map((route) => route.handler));

/** What one stretch of local work asked of each service, counted as it happened. */
export class CostMeter implements BackendMeter {
  readonly invocations: { key: FunctionKey; milliseconds: number }[] = [];
  s3Tier1 = 0;
  s3Tier2 = 0;
  dynamoReadUnits = 0;
  dynamoWriteUnits = 0;
  dynamoRequests = 0;
  counting = false;

  invocation(key: FunctionKey, milliseconds: number): void {
    if (this.counting) this.invocations.push({ key, milliseconds });
  }

  /** PUT, POST, COPY and LIST requests are S3's dearer tier; GET, HEAD and the rest the cheaper. */
  s3Request(method: string, query: Readonly<Record<string, string>>): void {
    if (!this.counting || method === 'DELETE') return;
    const listing =
      method === 'GET' &&
      ('list-type' in query ||
        'versions' in query ||
        'uploads' in query ||
        ('uploadId' in query && !('partNumber' in query)));
    if (method === 'PUT' || method === 'POST' || listing) this.s3Tier1 += 1;
    else this.s3Tier2 += 1;
  }

  dynamo(operation: string, capacityUnits: number): void {
    if (!this.counting) return;
    this.dynamoRequests += 1;
    if (/^(Get|Query|Scan|BatchGet|TransactGet)/.test(operation)) this.dynamoReadUnits += capacityUnits;
    else this.dynamoWriteUnits += capacityUnits;
  }

  /** The estimate and its parts, for a case that also took `transitions` state transitions and sent `emails`. */
  estimate(transitions: number, emails: number) {
    const gbSeconds = this.invocations.reduce((total, { key, milliseconds }) => {
      const memoryMb = functions[key].memoryMb ?? 256;
      // Lambda bills each invocation by the millisecond, rounded up.
      return total + (Math.ceil(milliseconds) / 1000) * (memoryMb / 1024);
    }, 0);
    const apiRequests = this.invocations.filter(({ key }) => routeHandlers.has(key)).length;
    const parts = {
      stepFunctions: transitions * prices.stateTransition,
      lambda: gbSeconds * prices.lambdaGbSecondArm + this.invocations.length * prices.lambdaRequest,
      dynamodb:
        this.dynamoWriteUnits * prices.dynamoWriteRequestUnit +
        this.dynamoReadUnits * prices.dynamoReadRequestUnit,
      s3: this.s3Tier1 * prices.s3PutCopyPostList + this.s3Tier2 * prices.s3GetAndOther,
      apiGateway: apiRequests * prices.httpApiRequest,
      ses: emails * prices.sesEmail,
    };
    return {
      total: Object.values(parts).reduce((sum, value) => sum + value, 0),
      parts,
      counts: {
        transitions,
        invocations: this.invocations.length,
        gbSeconds,
        apiRequests,
        dynamoRequests: this.dynamoRequests,
        dynamoReadUnits: this.dynamoReadUnits,
        dynamoWriteUnits: this.dynamoWriteUnits,
        s3Tier1: this.s3Tier1,
        s3Tier2: this.s3Tier2,
        emails,
      },
    };
  }
}

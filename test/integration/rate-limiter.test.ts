import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClients } from '../../functions/adapters/aws-clients';
import { checkHospitalRate, HOSPITAL_RATE } from '../../functions/adapters/rate-limiter';
import { type TableDefinition, tables } from '../../functions/contract';
import { TooManyRequestsError } from '../../functions/core/errors';
import { ensureTables, type LocalDynamo, startDynamo } from '../../scripts/local/dynamodb';

/** The per-hospital budget against dynalite, with the clock injected. */
describe('per-hospital rate limit (token bucket)', () => {
  let dynamo: LocalDynamo;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oso-rate-'));
    dynamo = await startDynamo(dataDir, '127.0.0.1');
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    });
    for (const table of Object.values(tables) as TableDefinition[]) process.env[table.envVar] = table.id;
    resetClients();
    await ensureTables(new DynamoDBClient({ endpoint: dynamo.endpoint }));
  });
  afterAll(async () => {
    await dynamo?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Fires requests at once at the given instant; returns how many passed and the refusals. */
  const burst = async (hospitalId: string, count: number, now: number) => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: count }, () => checkHospitalRate(hospitalId, now)),
    );
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as TooManyRequestsError] : [],
    );
    for (const error of refused) expect(error).toBeInstanceOf(TooManyRequestsError);
    return { passed: count - refused.length, refused };
  };
  const windowMs = HOSPITAL_RATE.windowSeconds * 1000;
  // An instant 100 ms before the boundary of the old fixed windows (floor(epoch / 2 s)).
  const beforeBoundary = Math.ceil(Date.now() / windowMs) * windowMs - 100;

  it('refuses a second burst just across a 2-second boundary, passing only what refilled', async () => {
    const first = await burst('hosp_straddle', HOSPITAL_RATE.limit, beforeBoundary);
    expect(first.passed).toBe(HOSPITAL_RATE.limit);
    // 100 ms later, in what was a fresh window: one request's worth has refilled (10 a second).
    const second = await burst('hosp_straddle', HOSPITAL_RATE.limit, beforeBoundary + 100);
    expect(second.passed).toBe(1);
    expect(second.refused).toHaveLength(HOSPITAL_RATE.limit - 1);
    // Retry-After is when the next request's worth is back: under a second, so 1.
    expect(new Set(second.refused.map((error) => error.retryAfterSeconds))).toEqual(new Set([1]));
    // A second later ten more have refilled, and no more.
    expect((await burst('hosp_straddle', 15, beforeBoundary + 1100)).passed).toBe(10);
  });

  it('says truly how long to wait when the bucket is booked far ahead', async () => {
    // Burst 20 at t; at t the bucket is full until t + 2 s, so the 21st waits 100 ms (1 s, rounded up).
    expect((await burst('hosp_wait', HOSPITAL_RATE.limit, beforeBoundary)).passed).toBe(HOSPITAL_RATE.limit);
    const [late] = (await burst('hosp_wait', 1, beforeBoundary)).refused;
    expect(late?.retryAfterSeconds).toBe(1);
    expect(late?.statusCode).toBe(429);
  });

  it('lets exactly the burst through when many requests race on an idle bucket, for each hospital apart', async () => {
    const [a, b] = await Promise.all([
      burst('hosp_race_a', 50, beforeBoundary),
      burst('hosp_race_b', 50, beforeBoundary),
    ]);
    expect(a.passed).toBe(HOSPITAL_RATE.limit);
    expect(b.passed).toBe(HOSPITAL_RATE.limit);
  });

  it('refills to at most one burst after a long idle time', async () => {
    expect((await burst('hosp_idle', 5, beforeBoundary)).passed).toBe(5);
    expect((await burst('hosp_idle', 40, beforeBoundary + 60_000)).passed).toBe(HOSPITAL_RATE.limit);
  });
});

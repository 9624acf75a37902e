import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TooManyRequestsError } from '../core/errors';
import { dynamo } from './aws-clients';
import { isConditionFailure } from './dynamo-helpers';
import { tableName } from './settings';

/** Per hospital: 20 requests per 2-second window, i.e. 10 a second on average with bursts of 20. */
export const HOSPITAL_RATE = { windowSeconds: 2, limit: 20 } as const;

/** One request's share of the budget: 100 ms. */
const INTERVAL_MS = (HOSPITAL_RATE.windowSeconds * 1000) / HOSPITAL_RATE.limit;
/** How far ahead of now the bucket may be booked: a full burst minus the request itself. */
const TOLERANCE_MS = (HOSPITAL_RATE.limit - 1) * INTERVAL_MS;

const tooMany = (waitMs: number) => new TooManyRequestsError(Math.max(1, Math.ceil(waitMs / 1000)));

/**
 * A token bucket in its GCRA form, shared by every Lambda instance: one item per hospital holds
 * `tat`, the time at which the bucket will be full again. A request is allowed when `tat` is at
 * most TOLERANCE_MS ahead of now, and moves it one interval on; so the budget refills at 10 a
 * second and never holds more than 20, wherever a window would have fallen.
 *
 * One consistent read and one conditional write per request. A busy bucket is moved with ADD,
 * which commutes, so concurrent requests never lose each other's consumption and the condition
 * alone decides who passes. Only a request racing another one to restart an idle bucket
 * loses its condition without being over the limit; it then books through the busy form
 * (one more write, which is final).
 */
export async function checkHospitalRate(hospitalId: string, now = Date.now()): Promise<void> {
  const key = { pk: `hospital#${hospitalId}` };
  const table = tableName('rateLimits');
  const read = await dynamo().send(
    new GetCommand({
      TableName: table,
      Key: key,
      ConsistentRead: true,
      ProjectionExpression: '#tat',
      ExpressionAttributeNames: { '#tat': 'tat' },
    }),
  );
  const tat = typeof read.Item?.tat === 'number' ? read.Item.tat : undefined;
  if (tat !== undefined && tat > now + TOLERANCE_MS) throw tooMany(tat - TOLERANCE_MS - now);
  const ttl = Math.floor(now / 1000) + 3600;

  const book = () =>
    dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'ADD #tat :interval SET #ttl = :ttl',
        ConditionExpression: '#tat <= :latest',
        ExpressionAttributeNames: { '#tat': 'tat', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':interval': INTERVAL_MS, ':latest': now + TOLERANCE_MS, ':ttl': ttl },
      }),
    );
  const restart = () =>
    dynamo().send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET #tat = :next, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#tat) OR #tat <= :now',
        ExpressionAttributeNames: { '#tat': 'tat', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':next': now + INTERVAL_MS, ':now': now, ':ttl': ttl },
      }),
    );
  const refusedIfLost = (error: unknown) => {
    if (!isConditionFailure(error)) throw error;
    // Over the limit by less than one interval: the bucket was within TOLERANCE_MS at the read.
    throw tooMany(INTERVAL_MS);
  };

  if (tat !== undefined && tat > now) {
    await book().catch(refusedIfLost);
    return;
  }
  try {
    await restart();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Another request restarted the bucket first, so it is busy now and ADD books exactly.
    await book().catch(refusedIfLost);
  }
}

/**
 * Counts events of one kind per minute (refused tokens per source, say) in one item that
 * expires with its minute: one UpdateItem, whatever the count. Returns the count so far.
 */
export async function countInMinute(name: string, now = Date.now()): Promise<number> {
  const minute = Math.floor(now / 60_000);
  const result = await dynamo().send(
    new UpdateCommand({
      TableName: tableName('rateLimits'),
      Key: { pk: `count#${name}#${minute}` },
      UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
      ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':ttl': (minute + 2) * 60 + 3600 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.count ?? 1);
}

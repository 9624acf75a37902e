import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TooManyRequestsError } from '../core/errors';
import { dynamo } from './aws-clients';
import { isConditionFailure } from './dynamo-helpers';
import { tableName } from './env';

/** Per hospital: 20 requests per 2-second window, i.e. 10 a second on average with bursts of 20. */
export const HOSPITAL_RATE = { windowSeconds: 2, limit: 20 } as const;

/**
 * A fixed-window counter in DynamoDB, shared by every Lambda instance: one conditional
 * increment per request. Over the limit answers 429 with the seconds until the next window.
 */
export async function checkHospitalRate(hospitalId: string, now = Date.now()): Promise<void> {
  const window = Math.floor(now / 1000 / HOSPITAL_RATE.windowSeconds);
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName('rateLimits'),
        Key: { pk: `hospital#${hospitalId}#${window}` },
        UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'requests', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': HOSPITAL_RATE.limit,
          ':ttl': Math.floor(now / 1000) + 3600,
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const nextWindowAt = (window + 1) * HOSPITAL_RATE.windowSeconds * 1000;
    throw new TooManyRequestsError(Math.max(1, Math.ceil((nextWindowAt - now) / 1000)));
  }
}

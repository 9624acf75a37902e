import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Hospital } from '../core/hospital';
import { dynamo } from './aws-clients';
import { tableName } from './settings';

/**
 * The hospital directory. Besides one item per hospital, one index item lists every id, so
 * listing is a Get and a BatchGet: no Scan on a request path.
 */
const INDEX_ID = '#directory';

export async function getHospital(hospitalId: string): Promise<Hospital | undefined> {
  if (hospitalId === INDEX_ID) return undefined;
  const result = await dynamo().send(
    new GetCommand({ TableName: tableName('hospitals'), Key: { hospitalId } }),
  );
  return result.Item as Hospital | undefined;
}

/** Creates or replaces a hospital and records its id in the directory index. */
export async function putHospital(hospital: Hospital): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName('hospitals'), Item: { ...hospital } }));
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName('hospitals'),
      Key: { hospitalId: INDEX_ID },
      UpdateExpression: 'ADD #ids :id',
      ExpressionAttributeNames: { '#ids': 'hospitalIds' },
      ExpressionAttributeValues: { ':id': new Set([hospital.hospitalId]) },
    }),
  );
}

export async function listHospitals(): Promise<Hospital[]> {
  const index = await dynamo().send(
    new GetCommand({ TableName: tableName('hospitals'), Key: { hospitalId: INDEX_ID } }),
  );
  const ids = [...((index.Item?.hospitalIds as Set<string> | undefined) ?? [])].sort();
  const hospitals: Hospital[] = [];
  for (let start = 0; start < ids.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = ids
      .slice(start, start + 100)
      .map((hospitalId) => ({ hospitalId }));
    // BatchGet may return some keys unprocessed under load: ask again for exactly those.
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt += 1) {
      const page = await dynamo().send(
        new BatchGetCommand({ RequestItems: { [tableName('hospitals')]: { Keys: keys } } }),
      );
      hospitals.push(...((page.Responses?.[tableName('hospitals')] ?? []) as Hospital[]));
      keys = page.UnprocessedKeys?.[tableName('hospitals')]?.Keys as Record<string, unknown>[] | undefined;
    }
    if (keys && keys.length > 0) throw new Error('the directory could not be read completely');
  }
  return hospitals.sort((a, b) => a.name.localeCompare(b.name));
}

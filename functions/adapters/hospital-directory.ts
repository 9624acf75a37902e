import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Hospital } from '../core/hospital';
import { dynamo } from './aws-clients';
import { tableName } from './env';

export async function getHospital(hospitalId: string): Promise<Hospital | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: tableName('hospitals'), Key: { hospitalId } }),
  );
  return result.Item as Hospital | undefined;
}

export async function putHospital(hospital: Hospital): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName('hospitals'), Item: { ...hospital } }));
}

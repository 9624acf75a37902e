import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { resetClients } from '../../functions/adapters/aws-clients';
import { tables } from '../../functions/contract';
import { ensureTables, type LocalDynamo, startDynamo } from '../../scripts/local/dynamodb';

/**
 * Local DynamoDB (dynalite) with the project's tables for one test file, and the settings the
 * adapters read pointed at it; `documents` writes items as a test arranges them.
 */
export function useLocalDynamo(name: string) {
  const local = { documents: undefined as unknown as DynamoDBDocumentClient };
  let dynamo: LocalDynamo | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), `oso-${name}-`));
    dynamo = await startDynamo(dataDir, '127.0.0.1');
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTables(client);
    local.documents = DynamoDBDocumentClient.from(client);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      [tables.cases.envVar]: tables.cases.id,
    });
    resetClients();
  });
  afterAll(async () => {
    await dynamo?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    resetClients();
  });
  return local;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from '../../functions/contract';
import { ensureTables, type LocalDynamo, localCaseIds, startDynamo } from '../../scripts/local/dynamodb';

/** A data folder kept from before an index was added: the local start adds it and keeps the items. */
describe('local tables kept across starts', () => {
  let dynamo: LocalDynamo;
  let dataDir: string;
  let client: DynamoDBClient;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oso-tables-'));
    dynamo = await startDynamo(dataDir, '127.0.0.1');
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    await dynamo?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('rebuilds a table that lacks an index of the definitions, with every item, and reports it', async () => {
    const cases = tables.cases;
    // The Cases table as an older start made it: keys and the byHospital index only.
    await client.send(
      new CreateTableCommand({
        TableName: cases.id,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    for (let index = 0; index < 60; index += 1) {
      await client.send(
        new PutItemCommand({
          TableName: cases.id,
          Item: { pk: { S: `CASE#case_${index}` }, sk: { S: index % 2 ? 'CASE' : `DOC#${index}` } },
        }),
      );
    }

    const rebuilt = await ensureTables(client);

    expect(rebuilt).toEqual([cases.id]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: cases.id }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(
      cases.globalSecondaryIndexes.map((index) => index.indexName).sort(),
    );
    const { Items } = await client.send(new ScanCommand({ TableName: cases.id }));
    expect(Items).toHaveLength(60);
    expect((await localCaseIds(client)).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `case_${i * 2 + 1}`).sort(),
    );
    // A second start finds nothing to rebuild.
    expect(await ensureTables(client)).toEqual([]);
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AttributeDefinition,
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { type TableDefinition, tables } from '../../functions/contract';

export interface LocalDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** dynalite with its data on disk, so cases survive a restart of the local backend. */
export async function startDynamo(dataDir: string, host: string): Promise<LocalDynamo> {
  const server: Server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host}:${port}`;
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function createTableInput(definition: TableDefinition) {
  const attributes = new Map<string, AttributeDefinition>();
  const add = (key?: { name: string; type: 'S' | 'N' }) => {
    if (key) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  };
  add(definition.partitionKey);
  add(definition.sortKey);
  const indexes: GlobalSecondaryIndex[] = definition.globalSecondaryIndexes.map((index) => {
    add(index.partitionKey);
    add(index.sortKey);
    return {
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }] : []),
      ],
      Projection: { ProjectionType: 'ALL' },
    };
  });
  return {
    TableName: definition.id,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()],
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' as const },
      ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
}

/**
 * Creates every table from the shared definitions and keeps existing data. A table kept from an
 * earlier start that lacks an index the definitions now name (a data folder older than the
 * index) is rebuilt with it, its items copied across: dynalite's UpdateTable does not create
 * indexes, as DynamoDB's does. Returns the ids of the tables rebuilt, so the caller can fill in
 * what the new index reads (in AWS, CloudFormation adds the index and the items stay).
 */
export async function ensureTables(client: DynamoDBClient): Promise<string[]> {
  const rebuilt: string[] = [];
  for (const definition of Object.values(tables) as TableDefinition[]) {
    let existing: string[] | undefined;
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: definition.id }));
      existing = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '');
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    if (existing === undefined) {
      await client.send(new CreateTableCommand(createTableInput(definition)));
      continue;
    }
    const missing = definition.globalSecondaryIndexes.filter((index) => !existing.includes(index.indexName));
    if (missing.length === 0) continue;
    await rebuildTable(client, definition);
    rebuilt.push(definition.id);
  }
  return rebuilt;
}

/** Waits until DescribeTable no longer finds the table (every 20 ms, 10 s at most). */
async function tableGone(client: DynamoDBClient, tableName: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`table ${tableName} was still being deleted after 10 s`);
}

/** Reads every item (local data only), recreates the table from its definition, writes them back. */
async function rebuildTable(client: DynamoDBClient, definition: TableDefinition): Promise<void> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: definition.id, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await client.send(new DeleteTableCommand({ TableName: definition.id }));
  // dynalite deletes in the background (DELETING, as DynamoDB does): a CreateTable before it is
  // gone is refused with ResourceInUseException.
  await tableGone(client, definition.id);
  await client.send(new CreateTableCommand(createTableInput(definition)));
  for (let start = 0; start < items.length; start += 25) {
    let pending: Record<string, AttributeValue>[] = items.slice(start, start + 25);
    while (pending.length > 0) {
      const result = await client.send(
        new BatchWriteItemCommand({
          RequestItems: { [definition.id]: pending.map((item) => ({ PutRequest: { Item: item } })) },
        }),
      );
      pending = (result.UnprocessedItems?.[definition.id] ?? []).flatMap((request) =>
        request.PutRequest?.Item ? [request.PutRequest.Item] : [],
      );
    }
  }
}

/** Every case id in a local Cases table (after a rebuild: each case is written again to join new indexes). */
export async function localCaseIds(client: DynamoDBClient): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tables.cases.id,
        FilterExpression: 'sk = :case',
        ExpressionAttributeValues: { ':case': { S: 'CASE' } },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = item.pk?.S;
      if (pk?.startsWith('CASE#')) ids.push(pk.slice('CASE#'.length));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return ids;
}

import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '../../../../infra/definitions';
import { bundledClients, checkClients, grantedClients } from '../../../../scripts/bench/sdk-clients';

/** One output of an esbuild metafile, with the given input files and their bytes in it. */
const output = (inputs: Record<string, number>): Metafile['outputs'][string] => ({
  bytes: Object.values(inputs).reduce((sum, bytes) => sum + bytes, 0),
  inputs: Object.fromEntries(
    Object.entries(inputs).map(([path, bytesInOutput]) => [path, { bytesInOutput }]),
  ),
  imports: [],
  exports: ['handler'],
  entryPoint: 'functions/api/example.ts',
});

const definition = (grants: Partial<FunctionDefinition>): FunctionDefinition => ({
  id: 'Example',
  entry: 'functions/api/example.ts',
  tables: {},
  buckets: {},
  ...grants,
});

const dynamoOnly = output({
  'functions/api/example.ts': 300,
  'node_modules/@aws-sdk/client-dynamodb/dist-es/DynamoDBClient.js': 900,
  'node_modules/@aws-sdk/lib-dynamodb/dist-es/DynamoDBDocumentClient.js': 400,
  'node_modules/@aws-sdk/nested-clients/dist-es/submodules/sts/STSClient.js': 700,
  'node_modules/@smithy/core/dist-es/index.js': 1200,
  // Parsed, then shaken out whole: not in the bundle.
  'node_modules/@aws-sdk/client-s3/dist-es/index.js': 0,
});

describe('the SDK clients in a bundle against its grants', () => {
  it('reads the clients from the inputs that put bytes in the output, not the credential chain’s nested clients', () => {
    expect(bundledClients(dynamoOnly)).toEqual(['DynamoDB']);
  });

  it('counts the presigner as S3, and a nested copy of a client by its own package', () => {
    expect(
      bundledClients(
        output({
          'node_modules/@aws-sdk/s3-request-presigner/dist-es/getSignedUrl.js': 1100,
          'node_modules/@aws-sdk/client-sesv2/node_modules/@smithy/core/dist-es/index.js': 50,
          'node_modules/some-lib/node_modules/@aws-sdk/client-sfn/dist-es/SFNClient.js': 80,
        }),
      ),
    ).toEqual(['S3', 'SFN']);
  });

  it('names an unknown @aws-sdk/client-* package instead of letting it pass', () => {
    expect(bundledClients(output({ 'node_modules/@aws-sdk/client-sqs/dist-es/SQSClient.js': 10 }))).toEqual([
      '@aws-sdk/client-sqs',
    ]);
  });

  it('derives the allowed clients from tables, buckets, workflow, notifies and translates; bucket names alone allow none', () => {
    expect(grantedClients(definition({ bucketNames: ['intake'] }))).toEqual([]);
    expect(
      grantedClients(
        definition({
          tables: { cases: 'read' },
          buckets: { records: 'read' },
          workflow: 'callback',
          notifies: true,
          translates: true,
        }),
      ),
    ).toEqual(['DynamoDB', 'S3', 'SFN', 'SESv2', 'Translate']);
  });

  it('finds nothing to fault when the bundle holds exactly the granted clients', () => {
    expect(checkClients(dynamoOnly, definition({ tables: { cases: 'read' } }))).toEqual({
      bundled: ['DynamoDB'],
      ungranted: [],
      unused: [],
    });
  });

  it('faults a client the grants never allow, and notes a grant the bundle never uses', () => {
    const withSes = output({
      'node_modules/@aws-sdk/client-dynamodb/dist-es/DynamoDBClient.js': 900,
      'node_modules/@aws-sdk/client-sesv2/dist-es/SESv2Client.js': 600,
    });
    expect(
      checkClients(withSes, definition({ tables: { cases: 'write' }, buckets: { records: 'write' } })),
    ).toEqual({ bundled: ['DynamoDB', 'SESv2'], ungranted: ['SESv2'], unused: ['S3'] });
  });
});

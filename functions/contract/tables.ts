/** The tables: keys, indexes and the variable that names each. Plain data, owned by the runtime. */

export type AttributeType = 'S' | 'N';

export interface KeyDefinition {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
}

export interface TableDefinition {
  /** Logical id in CDK and the table name locally. */
  readonly id: string;
  /** Environment variable through which handlers learn the table's real name. */
  readonly envVar: string;
  readonly partitionKey: KeyDefinition;
  readonly sortKey?: KeyDefinition;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  readonly timeToLiveAttribute?: string;
  /** Audit data may only ever be appended. */
  readonly appendOnly?: boolean;
}

export const tables = {
  cases: {
    id: 'Cases',
    envVar: 'CASES_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    globalSecondaryIndexes: [
      {
        indexName: 'byHospital',
        partitionKey: { name: 'gsi1pk', type: 'S' },
        sortKey: { name: 'gsi1sk', type: 'S' },
      },
      // The coordinator's case list (functions/core/case/listing.ts): one partition per status,
      // `listPk` = `STATUS#<status>` (the status the case view shows), `listSk` ordering open cases
      // overdue first, then those with blocking gaps, then by deadline and creation, the same way
      // in every partition, so the open list is a merge of the open statuses' partitions. Sparse:
      // written by the case store with every write of a case item, removed once erasure begins.
      // Ids, statuses and dates only: never a name or a diagnosis. One index, not two: a
      // CloudFormation update adds one global secondary index to a table at a time.
      {
        indexName: 'caseList',
        partitionKey: { name: 'listPk', type: 'S' },
        sortKey: { name: 'listSk', type: 'S' },
      },
    ],
  },
  tokens: {
    id: 'Tokens',
    envVar: 'TOKENS_TABLE',
    partitionKey: { name: 'tokenHash', type: 'S' },
    globalSecondaryIndexes: [{ indexName: 'bySubject', partitionKey: { name: 'subject', type: 'S' } }],
    timeToLiveAttribute: 'ttl',
  },
  hospitals: {
    id: 'Hospitals',
    envVar: 'HOSPITALS_TABLE',
    partitionKey: { name: 'hospitalId', type: 'S' },
    globalSecondaryIndexes: [],
  },
  rateLimits: {
    id: 'RateLimits',
    envVar: 'RATE_LIMITS_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    globalSecondaryIndexes: [],
    timeToLiveAttribute: 'ttl',
  },
  audit: {
    id: 'Audit',
    envVar: 'AUDIT_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    globalSecondaryIndexes: [],
    appendOnly: true,
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;

import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { TableDefinition } from '../../functions/contract';
import type { BucketAccess } from '../definitions';

/** Where a grant's statements go: a function's customer-managed policy. */
export type PolicySink = (statement: iam.PolicyStatement) => void;

const allow = (actions: string[], resources: string[]) => new iam.PolicyStatement({ actions, resources });

/**
 * Exact grants, narrower than CDK's grantReadData/grantReadWriteData: no Scan, no batch
 * writes, named indexes instead of `index/*`, and KMS actions spelled out on the one key.
 */
export function grantTable(
  sink: PolicySink,
  table: dynamodb.Table,
  definition: TableDefinition,
  access: 'read' | 'write',
  key: kms.IKey,
): void {
  const read = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
  const actions = definition.appendOnly
    ? ['dynamodb:PutItem'] // audit events are appended, never read, updated or deleted by a function
    : access === 'read'
      ? read
      : [...read, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
  const resources = [
    table.tableArn,
    ...(definition.appendOnly
      ? []
      : definition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`)),
  ];
  sink(allow(actions, resources));
  sink(
    allow(
      access === 'read' && !definition.appendOnly
        ? ['kms:Decrypt', 'kms:DescribeKey']
        : ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      [key.keyArn],
    ),
  );
}

/**
 * Object reads (GetObject, and ListBucket so a missing key answers 404, not 403), writes,
 * deletes (`manage`) or erasure of every version (`erase`, which includes reads). `readsVersions`:
 * reads and copies that name a version id (GetObjectVersion) as well.
 */
export function grantBucket(
  sink: PolicySink,
  bucket: s3.IBucket,
  access: BucketAccess,
  key: kms.IKey,
  readsVersions = false,
): void {
  const objects = bucket.arnForObjects('*');
  sink(allow(readsVersions ? ['s3:GetObject', 's3:GetObjectVersion'] : ['s3:GetObject'], [objects]));
  sink(
    allow(access === 'erase' ? ['s3:ListBucket', 's3:ListBucketVersions'] : ['s3:ListBucket'], [
      bucket.bucketArn,
    ]),
  );
  if (access === 'manage') sink(allow(['s3:DeleteObject'], [objects]));
  if (access === 'erase') sink(allow(['s3:DeleteObject', 's3:DeleteObjectVersion'], [objects]));
  if (access === 'write' || access === 'manage') {
    // PutObject also covers CreateMultipartUpload, UploadPart and CompleteMultipartUpload.
    sink(allow(['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], [objects]));
  }
  sink(
    allow(
      access === 'read' || access === 'erase' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
      [key.keyArn],
    ),
  );
}

/** PutObject on one key pattern of a bucket (objects a function derives), with the key to encrypt them. */
export function grantDerivedWrites(
  sink: PolicySink,
  bucket: s3.IBucket,
  pattern: string,
  key: kms.IKey,
): void {
  sink(allow(['s3:PutObject'], [bucket.arnForObjects(pattern)]));
  sink(allow(['kms:GenerateDataKey'], [key.keyArn]));
}

import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { TableDefinition } from '../definitions';

/**
 * Exact grants, narrower than CDK's grantReadData/grantReadWriteData: no Scan, no batch
 * calls, named indexes instead of `index/*`, and KMS actions spelled out.
 */
export function grantTable(
  grantee: iam.IGrantable,
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
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
  key.grant(
    grantee,
    ...(access === 'read' && !definition.appendOnly
      ? ['kms:Decrypt', 'kms:DescribeKey']
      : ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']),
  );
}

/** Object reads (GetObject, and ListBucket so a missing key answers 404, not 403), writes, deletes or erasure. */
export function grantBucket(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  access: 'read' | 'write' | 'manage' | 'erase',
  key: kms.IKey,
): void {
  if (access === 'erase') {
    // Erasure (of a case, or of an orphan upload): every version of the objects, and reads.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucketVersions'], resources: [bucket.bucketArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
  }
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
  if (access === 'manage') {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [bucket.arnForObjects('*')] }),
    );
  }
  if (access === 'write' || access === 'manage') {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // PutObject also covers CreateMultipartUpload, UploadPart and CompleteMultipartUpload.
        actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
  }
  key.grant(
    grantee,
    ...(access === 'read' || access === 'erase' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey']),
  );
}

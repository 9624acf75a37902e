import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  type BucketName,
  buckets,
  type KeyDefinition,
  type TableDefinition,
  type TableName,
  tables,
} from '../../functions/contract';
import type { DeploymentConfig } from '../config';
import { accessLogsBucket, recordBucket } from './record-bucket';

/** The buckets the primary stack holds; the relay bucket is the relay stack's. */
export type PrimaryBucketName = {
  [name in BucketName]: (typeof buckets)[name]['placement'] extends 'primary' ? name : never;
}[BucketName];

const attribute = (key: KeyDefinition): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

/**
 * Where patient data lives in the primary region: one customer-managed KMS key, the case
 * tables and the intake and records buckets, all from the shared definitions. Everything is retained on stack deletion:
 * medical records are never deleted by a teardown.
 */
export class DataStore extends Construct {
  readonly key: kms.Key;
  readonly logsKey: kms.Key;
  readonly tables: Record<TableName, dynamodb.Table>;
  readonly buckets: Record<PrimaryBucketName, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: { config: DeploymentConfig }) {
    super(scope, id);
    this.key = new kms.Key(this, 'DataKey', {
      description: 'Encrypts patient records, case tables, queues and topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Logs have a key of their own: who may read logs is a different question from who may read records.
    this.logsKey = new kms.Key(this, 'LogsKey', {
      description: 'Encrypts the CloudWatch log groups of functions, API and workflow',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs may use it for this account's log groups (functions, API, workflow).
    const stack = Stack.of(this);
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );

    this.accessLogs = accessLogsBucket(this, 'AccessLogsBucket', props.config.accessLogRetentionDays);
    this.buckets = {
      // Patients' browsers upload straight to intake, from the configured origins only.
      intake: recordBucket(
        this,
        buckets.intake,
        this.key,
        this.accessLogs,
        buckets.intake.browserUploads ? props.config.allowedOrigins : [],
      ),
      records: recordBucket(this, buckets.records, this.key, this.accessLogs),
    };

    const makeTable = (definition: TableDefinition) => {
      const table = new dynamodb.Table(this, definition.id, {
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const index of definition.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      return table;
    };
    this.tables = {
      cases: makeTable(tables.cases),
      tokens: makeTable(tables.tokens),
      hospitals: makeTable(tables.hospitals),
      rateLimits: makeTable(tables.rateLimits),
      audit: makeTable(tables.audit),
    };

    // Daily backups kept 35 days, beside point-in-time recovery, in a vault under the same key.
    const vault = new backup.BackupVault(this, 'BackupVault', {
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    backup.BackupPlan.daily35DayRetention(this, 'BackupPlan', vault).addSelection('Tables', {
      resources: Object.values(this.tables).map((table) => backup.BackupResource.fromDynamoDbTable(table)),
    });
  }
}

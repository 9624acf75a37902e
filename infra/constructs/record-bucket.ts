import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import {
  type BucketDefinition,
  browserReadCors,
  browserReportUploadCors,
  browserUploadCors,
} from '../../functions/contract';

/**
 * The server access log bucket of one region. S3 delivers access logs only to a bucket in the
 * same region and only with SSE-S3, so each region that holds record buckets has its own.
 */
export function accessLogsBucket(scope: Construct, id: string, retentionDays: number): s3.Bucket {
  return new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [
      { expiration: Duration.days(retentionDays), noncurrentVersionExpiration: Duration.days(30) },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** A CORS rule of the shared definitions (functions/contract/buckets.ts), for these origins. */
function corsRule(
  origins: readonly string[],
  rule: typeof browserUploadCors | typeof browserReadCors | typeof browserReportUploadCors,
): s3.CorsRule {
  return {
    allowedOrigins: [...origins],
    allowedMethods: rule.allowedMethods.map((method) => s3.HttpMethods[method]),
    allowedHeaders: [...rule.allowedHeaders],
    exposedHeaders: [...rule.exposedHeaders],
    maxAge: rule.maxAgeSeconds,
  };
}

/**
 * A bucket that holds patient data, from its shared definition: KMS under the given key, TLS
 * only, versioned, access-logged, never public, retained on stack deletion.
 */
export function recordBucket(
  scope: Construct,
  definition: BucketDefinition,
  key: kms.IKey,
  accessLogs: s3.IBucket,
  /** Browser origins that may PUT to it directly (presigned uploads), for buckets that take uploads. */
  uploadOrigins: readonly string[] = [],
  /** Browser origins that may GET from it directly (presigned reads), for buckets that serve them. */
  readOrigins: readonly string[] = [],
): s3.Bucket {
  const cors: s3.CorsRule[] = [
    ...(uploadOrigins.length > 0 ? [corsRule(uploadOrigins, browserUploadCors)] : []),
    ...(readOrigins.length > 0
      ? [corsRule(readOrigins, browserReadCors), corsRule(readOrigins, browserReportUploadCors)]
      : []),
  ];
  return new s3.Bucket(scope, definition.id, {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: `${definition.localName}/`,
    eventBridgeEnabled: definition.emitsUploadEvents === true,
    ...(cors.length > 0 ? { cors } : {}),
    lifecycleRules: [
      { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      // Relay copies and the quarantine are transient: gone after their days, versions included.
      ...((definition.relayExpiryDays ?? definition.quarantineExpiryDays)
        ? [
            {
              expiration: Duration.days(
                (definition.relayExpiryDays ?? definition.quarantineExpiryDays) as number,
              ),
              noncurrentVersionExpiration: Duration.days(1),
            },
          ]
        : []),
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { buckets } from '../../functions/contract';
import type { DeploymentConfig } from '../config';
import { accessLogsBucket, recordBucket } from '../constructs/record-bucket';
import { acknowledgeRelayFindings } from '../nag-acknowledgements';

/**
 * The relay: the bucket hospitals download packages from, in its own stack in the relay
 * region (near the hospitals), under its own key. It holds only transient copies: the
 * lifecycle expires them and the backend purges them when the report arrives or the case is
 * cancelled. The primary stack reads its names through CDK cross-region references.
 */
export class RelayStack extends Stack {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackProps & { config: DeploymentConfig }) {
    super(scope, id, props);
    this.key = new kms.Key(this, 'RelayKey', {
      description: 'Encrypts the transient package copies hospitals pull from the relay',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const accessLogs = accessLogsBucket(this, 'RelayAccessLogsBucket', props.config.accessLogRetentionDays);
    // The hospital portal's browser reads the packages straight from here (presigned GETs).
    this.bucket = recordBucket(
      this,
      buckets.relay,
      this.key,
      accessLogs,
      [],
      buckets.relay.browserReads ? [new URL(props.config.hospitalPortalUrl).origin] : [],
    );
    acknowledgeRelayFindings({ accessLogs, bucket: this.bucket });
  }
}

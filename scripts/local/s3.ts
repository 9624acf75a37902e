import { randomUUID } from 'node:crypto';
import S3rver from '@20minutes/s3rver';
import { type BucketDefinition, buckets } from '../../infra/definitions';

export interface S3NotificationRecord {
  eventName: string;
  eventTime: string;
  awsRegion: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
}

/** An S3 object-created event in the shape EventBridge delivers it to a Lambda target. */
export interface ObjectCreatedEvent {
  version: '0';
  id: string;
  'detail-type': 'Object Created';
  source: 'aws.s3';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    version: '0';
    bucket: { name: string };
    object: { key: string; size?: number; etag?: string; sequencer?: string };
    'request-id': string;
    requester: string;
    reason: string;
  };
}

const REASONS: Record<string, string> = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'CompleteMultipartUpload',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
};

export function toEventBridge(record: S3NotificationRecord): ObjectCreatedEvent {
  const { bucket, object } = record.s3;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: record.eventTime,
    region: record.awsRegion,
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail: {
      version: '0',
      bucket: { name: bucket.name },
      // s3rver reports keys unencoded, as EventBridge does.
      object: { key: object.key, size: object.size, etag: object.eTag, sequencer: object.sequencer },
      'request-id': randomUUID(),
      requester: '000000000000',
      reason: REASONS[record.eventName] ?? 'PutObject',
    },
  };
}

export interface LocalS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * The s3rver fork that verifies SigV4 signatures on headers and presigned URLs, with data
 * on disk and the buckets from the shared definitions. Object-created events of buckets that
 * emit upload events go to `onObjectCreated` in EventBridge's shape.
 */
export async function startS3(
  dataDir: string,
  host: string,
  onObjectCreated: (event: ObjectCreatedEvent) => void,
): Promise<LocalS3> {
  const eventBuckets = new Set(
    (Object.values(buckets) as BucketDefinition[]).filter((b) => b.emitsUploadEvents).map((b) => b.localName),
  );
  const server = new S3rver({
    address: host,
    port: 0,
    silent: true,
    directory: dataDir,
    allowMismatchedSignatures: false,
    vhostBuckets: false,
    configureBuckets: (Object.values(buckets) as BucketDefinition[]).map((bucket) => ({
      name: bucket.localName,
    })),
  });
  server.on('event', (event: { Records: S3NotificationRecord[] }) => {
    for (const record of event.Records) {
      if (record.eventName.startsWith('ObjectCreated:') && eventBuckets.has(record.s3.bucket.name)) {
        onObjectCreated(toEventBridge(record));
      }
    }
  });
  const address = await server.run();
  return { endpoint: `http://${host}:${address.port}`, stop: () => server.close() };
}

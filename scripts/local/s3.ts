import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import S3rver from '@20minutes/s3rver';
import { PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../functions/adapters/aws-clients';
import {
  type BucketDefinition,
  browserReadCors,
  browserReportUploadCors,
  browserUploadCors,
  buckets,
} from '../../functions/contract';
import { logServerErrors } from './crash-guard';
import { multipartExtensions } from './s3-multipart';
import { presignedQueryEncoding } from './s3-presigned-queries';
import { type KoaMiddleware, type VersionedStore, versionStore } from './s3-versions';

export interface S3NotificationRecord {
  eventName: string;
  eventTime: string;
  awsRegion: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer?: string };
  };
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
    object: { key: string; size?: number; etag?: string; 'version-id'?: string; sequencer?: string };
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
      object: {
        key: object.key,
        size: object.size,
        etag: object.eTag,
        ...(object.versionId ? { 'version-id': object.versionId } : {}),
        sequencer: object.sequencer,
      },
      'request-id': randomUUID(),
      requester: '000000000000',
      reason: REASONS[record.eventName] ?? 'PutObject',
    },
  };
}

/** A fault test's rule: the S3 error code to answer a request with, or undefined to serve it. */
export type S3FaultRule = (request: {
  readonly method: string;
  readonly bucket: string;
  readonly key: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}) => 'SlowDown' | 'InternalError' | undefined;

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
  options: {
    /** Told of every request the emulator receives (method and query), to count them. */
    onRequest?: (method: string, query: Readonly<Record<string, string>>) => void;
    /** Answers matching requests with an S3 error instead (fault tests). */
    fault?: S3FaultRule;
  } = {},
): Promise<LocalS3> {
  const { onRequest, fault } = options;
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
  const internals = server as unknown as S3rverInternals;
  // Every bucket keeps versions, as every bucket here does in AWS.
  const versioning = versionStore(internals.store);
  server.on('event', (event: { Records: S3NotificationRecord[] }) => {
    // Emitted during the request that wrote the object, so the version it created is known.
    const created = versioning.createdVersion();
    for (const record of event.Records) {
      if (record.eventName.startsWith('ObjectCreated:') && eventBuckets.has(record.s3.bucket.name)) {
        const object =
          created && created.key === record.s3.object.key
            ? { ...record.s3.object, versionId: created.versionId, eTag: created.etag.replace(/"/g, '') }
            : record.s3.object;
        onObjectCreated(toEventBridge({ ...record, s3: { ...record.s3, object } }));
      }
    }
  });
  // Before s3rver's router (the last middleware): requests it would wrongly serve or refuse.
  internals.middleware.unshift(async (ctx, next) => {
    onRequest?.(ctx.method, ctx.query);
    const match = /^\/([^/]+)\/?(.*)$/.exec(ctx.path);
    const code = fault?.({
      method: ctx.method,
      bucket: match?.[1] ?? '',
      key: decodeURIComponent(match?.[2] ?? ''),
      query: ctx.query,
      headers: ctx.headers,
    });
    if (code) {
      // S3's own status for each code, so the SDK treats it as S3's (both are retried).
      ctx.status = code === 'SlowDown' ? 503 : 500;
      (ctx as unknown as { type: string }).type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>Injected fault</Message></Error>`;
      return;
    }
    await next();
  });
  internals.middleware.unshift(versioning.context);
  internals.middleware.splice(
    internals.middleware.length - 1,
    0,
    requireSignature,
    presignedQueryEncoding(),
    multipartExtensions(server),
    versioning.listVersions,
    versioning.deleteObjects,
    bucketRequestSignatures(),
  );
  logServerErrors(server, 's3');
  const address = await server.run();
  return { endpoint: `http://${host}:${address.port}`, stop: () => server.close() };
}

// s3rver internals reused so the additions verify signatures and answer errors exactly as it does.
const requireInternal = createRequire(import.meta.url);
const authentication = requireInternal(
  '@20minutes/s3rver/lib/middleware/authentication',
) as () => KoaMiddleware;
const S3Error = requireInternal('@20minutes/s3rver/lib/models/error') as new (
  code: string,
  message?: string,
) => Error;

interface S3rverInternals {
  middleware: KoaMiddleware[];
  store: VersionedStore;
}

/**
 * S3 buckets with Block Public Access refuse anonymous requests; s3rver serves them. The local
 * emulator refuses them too, so an unsigned (or signature-stripped) URL fails as it would in AWS.
 */
const requireSignature: KoaMiddleware = async (ctx, next) => {
  const signed = 'authorization' in ctx.headers || 'X-Amz-Algorithm' in ctx.query || 'Signature' in ctx.query;
  if (!signed && ctx.method !== 'OPTIONS') throw new S3Error('AccessDenied', 'Access Denied');
  await next();
};

/**
 * The AWS SDK v3 signs path-style bucket requests (ListObjectsV2, DeleteObjects) over
 * `/<bucket>/`, where s3rver's check canonicalises `/<bucket>`, so it refuses every one. This
 * verifies such a request over the path as sent, then lets s3rver serve it as verified.
 */
function bucketRequestSignatures(): KoaMiddleware {
  const verify = authentication();
  return async (ctx, next) => {
    const match = /^\/([^/]+)\/$/.exec(ctx.path);
    if (!match || !ctx.headers.authorization) return next();
    ctx.params = { ...ctx.params, bucket: `${match[1]}/` };
    await verify(ctx, async () => {
      // Verified: s3rver serves it without checking again (it serves unsigned requests).
      delete ctx.headers.authorization;
      ctx.params = {};
      await next();
    });
  };
}

/**
 * The CORS rule the relay bucket has in AWS (one definition), for the local portal's origin:
 * the portal reads packages straight from the relay, GET and HEAD only.
 */
export async function allowBrowserReads(origins: readonly string[]): Promise<void> {
  for (const bucket of Object.values(buckets) as BucketDefinition[]) {
    if (!bucket.browserReads) continue;
    await s3().send(
      new PutBucketCorsCommand({
        Bucket: bucket.localName,
        CORSConfiguration: {
          CORSRules: [
            ...[browserReadCors, browserReportUploadCors].map((rule) => ({
              AllowedOrigins: [...origins],
              AllowedMethods: [...rule.allowedMethods],
              AllowedHeaders: [...rule.allowedHeaders],
              ExposeHeaders: [...rule.exposedHeaders],
              MaxAgeSeconds: rule.maxAgeSeconds,
            })),
          ],
        },
      }),
    );
  }
}

/**
 * The CORS rule the intake bucket has in AWS (one definition), for the local page's origin:
 * set through the S3 API, so the emulator answers browsers' preflights as S3 would.
 */
export async function allowBrowserUploads(origins: readonly string[]): Promise<void> {
  for (const bucket of Object.values(buckets) as BucketDefinition[]) {
    if (!bucket.browserUploads) continue;
    await s3().send(
      new PutBucketCorsCommand({
        Bucket: bucket.localName,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [...origins],
              AllowedMethods: [...browserUploadCors.allowedMethods],
              AllowedHeaders: [...browserUploadCors.allowedHeaders],
              ExposeHeaders: [...browserUploadCors.exposedHeaders],
              MaxAgeSeconds: browserUploadCors.maxAgeSeconds,
            },
          ],
        },
      }),
    );
  }
}

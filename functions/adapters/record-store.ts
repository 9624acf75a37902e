import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BucketName } from '../contract';
import { attachmentDisposition, type DownloadAs } from '../core/download-headers';
import { s3 } from './aws-clients';
import { bucketName } from './settings';

/** Presigned links live at most 15 minutes. */
export const MAX_URL_SECONDS = 15 * 60;

export interface PresignedUpload {
  readonly method: 'PUT';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly expiresAt: string;
}

/**
 * A presigned PUT whose signature fixes the key, Content-Type and Content-Length, so storage
 * itself refuses any other type or size.
 */
export async function presignUpload(
  bucket: BucketName,
  key: string,
  contentType: string,
  size: number,
  expiresInSeconds = MAX_URL_SECONDS,
): Promise<PresignedUpload> {
  const expiresIn = Math.min(expiresInSeconds, MAX_URL_SECONDS);
  const url = await getSignedUrl(
    s3(bucket),
    new PutObjectCommand({
      Bucket: bucketName(bucket),
      Key: key,
      ContentType: contentType,
      ContentLength: size,
    }),
    { expiresIn, signableHeaders: new Set(['content-type', 'content-length']) },
  );
  return {
    method: 'PUT',
    url,
    headers: { 'Content-Type': contentType, 'Content-Length': String(size) },
    expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
  };
}

/**
 * A presigned GET whose signature also fixes the response's Content-Disposition (attachment,
 * with a name of ids) and Content-Type, so storage answers every download as a file to save.
 */
export async function presignDownload(
  bucket: BucketName,
  key: string,
  as: DownloadAs,
  expiresInSeconds = MAX_URL_SECONDS,
): Promise<{ url: string; expiresAt: string }> {
  const expiresIn = Math.min(expiresInSeconds, MAX_URL_SECONDS);
  const command = new GetObjectCommand({
    Bucket: bucketName(bucket),
    Key: key,
    ResponseContentDisposition: attachmentDisposition(as.fileName),
    ResponseContentType: as.contentType,
  });
  const url = await getSignedUrl(s3(bucket), command, { expiresIn });
  return { url, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
}

const isMissing = (error: unknown) => {
  const name = (error as { name?: string } | null)?.name;
  return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchVersion';
};

/**
 * Every bucket is versioned: a read or copy that names `versionId` is about that version's
 * bytes, whatever was written to the key since (a presigned PUT can be used again until it
 * expires). Without one, it is about the latest version.
 */
export interface StoredObject {
  readonly size: number;
  readonly versionId?: string;
  readonly etag?: string;
}

/** The object's (or one version's) real size, version id and ETag; undefined when there is none. */
export async function headObject(
  bucket: BucketName,
  key: string,
  versionId?: string,
): Promise<StoredObject | undefined> {
  try {
    const head = await s3(bucket).send(
      new HeadObjectCommand({ Bucket: bucketName(bucket), Key: key, VersionId: versionId }),
    );
    return {
      size: head.ContentLength ?? 0,
      ...(head.VersionId ? { versionId: head.VersionId } : {}),
      ...(head.ETag ? { etag: head.ETag } : {}),
    };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** The object's real size, or undefined when there is no such object (or version). */
export async function objectSize(
  bucket: BucketName,
  key: string,
  versionId?: string,
): Promise<number | undefined> {
  return (await headObject(bucket, key, versionId))?.size;
}

/** Bytes `start` to `start + length - 1` of an object, with one ranged GET. */
export async function readRange(
  bucket: BucketName,
  key: string,
  start: number,
  length: number,
  versionId?: string,
): Promise<Uint8Array> {
  if (length <= 0) return new Uint8Array();
  const result = await s3(bucket).send(
    new GetObjectCommand({
      Bucket: bucketName(bucket),
      Key: key,
      VersionId: versionId,
      Range: `bytes=${start}-${start + length - 1}`,
    }),
  );
  const bytes = (await result.Body?.transformToByteArray()) ?? new Uint8Array();
  // Defensive: a store that ignores Range must not make us hold more than we asked for.
  return bytes.length > length ? bytes.subarray(0, length) : bytes;
}

/** The first `length` bytes of an object: never the whole object. */
export function readHead(
  bucket: BucketName,
  key: string,
  length: number,
  versionId?: string,
): Promise<Uint8Array> {
  return readRange(bucket, key, 0, length, versionId);
}

/** CopyObject copies at most 5 GiB; larger objects are copied part by part. */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;
const COPY_PART_BYTES = 512 * 1024 ** 2;

/**
 * Server-side copy: the bytes never pass through this process. The request goes to the
 * destination bucket's region (S3 copies across regions that way). Above 5 GiB it is a multipart
 * copy (UploadPartCopy in 512 MiB ranges), aborted if any part fails.
 */
export async function copyObject(
  from: { bucket: BucketName; key: string; versionId?: string },
  to: { bucket: BucketName; key: string },
  knownSize?: number,
): Promise<{ versionId?: string }> {
  const copySource = `${bucketName(from.bucket)}/${encodeURIComponent(from.key).replace(/%2F/g, '/')}${
    from.versionId ? `?versionId=${encodeURIComponent(from.versionId)}` : ''
  }`;
  const size = knownSize ?? (await objectSize(from.bucket, from.key, from.versionId)) ?? 0;
  if (size <= MAX_SINGLE_COPY_BYTES) {
    const copied = await s3(to.bucket).send(
      new CopyObjectCommand({ Bucket: bucketName(to.bucket), Key: to.key, CopySource: copySource }),
    );
    return copied.VersionId ? { versionId: copied.VersionId } : {};
  }
  const created = await s3(to.bucket).send(
    new CreateMultipartUploadCommand({ Bucket: bucketName(to.bucket), Key: to.key }),
  );
  const uploadId = created.UploadId ?? '';
  try {
    const parts: { PartNumber: number; ETag: string }[] = [];
    for (let start = 0, partNumber = 1; start < size; start += COPY_PART_BYTES, partNumber += 1) {
      const end = Math.min(size, start + COPY_PART_BYTES) - 1;
      const part = await s3(to.bucket).send(
        new UploadPartCopyCommand({
          Bucket: bucketName(to.bucket),
          Key: to.key,
          UploadId: uploadId,
          PartNumber: partNumber,
          CopySource: copySource,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ PartNumber: partNumber, ETag: part.CopyPartResult?.ETag ?? '' });
    }
    const completed = await s3(to.bucket).send(
      new CompleteMultipartUploadCommand({
        Bucket: bucketName(to.bucket),
        Key: to.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    return completed.VersionId ? { versionId: completed.VersionId } : {};
  } catch (error) {
    await abortMultipartUpload(to.bucket, to.key, uploadId);
    throw error;
  }
}

/** SHA-256 of an object's bytes, streamed: memory stays flat whatever the size. */
export async function sha256Of(
  bucket: BucketName,
  key: string,
  versionId?: string,
  /** Sees every chunk in order, in the same read (the archive check); a throw stops the read. */
  observe?: (chunk: Uint8Array) => Promise<void> | void,
): Promise<{ sha256: string; size: number }> {
  const result = await s3(bucket).send(
    new GetObjectCommand({ Bucket: bucketName(bucket), Key: key, VersionId: versionId }),
  );
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of result.Body as Readable) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    if (observe) await observe(bytes);
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Writes `prefix` followed by an object's bytes (from byte `skip` on) to another key, streamed:
 * the source's GetObject body is piped after the prefix into one PutObject whose Content-Length
 * is known, so memory stays flat whatever the size. Returns what was written, hashed as written.
 */
export async function copyWithPrefix(
  from: { bucket: BucketName; key: string; versionId?: string; skip?: number },
  to: { bucket: BucketName; key: string; contentType: string },
  prefix: Uint8Array,
): Promise<{ size: number; sha256: string; versionId?: string }> {
  const skip = from.skip ?? 0;
  const source = await s3(from.bucket).send(
    new GetObjectCommand({
      Bucket: bucketName(from.bucket),
      Key: from.key,
      VersionId: from.versionId,
      ...(skip > 0 ? { Range: `bytes=${skip}-` } : {}),
    }),
  );
  const bodyLength = source.ContentLength ?? 0;
  const size = prefix.length + bodyLength;
  if (size > MAX_SINGLE_COPY_BYTES) throw new Error('object too large to rewrite in one PutObject');
  const hash = createHash('sha256');
  let written = 0;
  async function* body() {
    hash.update(prefix);
    written += prefix.length;
    yield Buffer.from(prefix);
    for await (const chunk of source.Body as Readable) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      written += bytes.length;
      yield bytes;
    }
  }
  const put = await s3(to.bucket).send(
    new PutObjectCommand({
      Bucket: bucketName(to.bucket),
      Key: to.key,
      Body: Readable.from(body()),
      ContentType: to.contentType,
      ContentLength: size,
    }),
  );
  // A source that delivered other than its announced length must not pass as a faithful copy.
  if (written !== size) throw new Error('the source object changed length while it was copied');
  return {
    size,
    sha256: hash.digest('hex'),
    ...(put.VersionId ? { versionId: put.VersionId } : {}),
  };
}

export interface PresignedPart {
  readonly partNumber: number;
  readonly url: string;
  /** The exact Content-Length the signature fixes for this part. */
  readonly size: number;
}

export async function createMultipartUpload(
  bucket: BucketName,
  key: string,
  contentType: string,
): Promise<string> {
  const result = await s3(bucket).send(
    new CreateMultipartUploadCommand({ Bucket: bucketName(bucket), Key: key, ContentType: contentType }),
  );
  if (!result.UploadId) throw new Error('storage returned no multipart upload id');
  return result.UploadId;
}

/** Presigned UploadPart URLs, each fixing its part's exact length. */
export async function presignParts(
  bucket: BucketName,
  key: string,
  s3UploadId: string,
  parts: readonly { partNumber: number; size: number }[],
  expiresInSeconds = MAX_URL_SECONDS,
): Promise<{ parts: PresignedPart[]; expiresAt: string }> {
  const expiresIn = Math.min(expiresInSeconds, MAX_URL_SECONDS);
  const signed = await Promise.all(
    parts.map(async ({ partNumber, size }) => ({
      partNumber,
      size,
      url: await getSignedUrl(
        s3(bucket),
        new UploadPartCommand({
          Bucket: bucketName(bucket),
          Key: key,
          UploadId: s3UploadId,
          PartNumber: partNumber,
          ContentLength: size,
        }),
        { expiresIn, signableHeaders: new Set(['content-length']) },
      ),
    })),
  );
  return { parts: signed, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
}

export async function listUploadedParts(
  bucket: BucketName,
  key: string,
  s3UploadId: string,
): Promise<{ partNumber: number; etag: string; size: number }[]> {
  const parts: { partNumber: number; etag: string; size: number }[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await s3(bucket).send(
      new ListPartsCommand({
        Bucket: bucketName(bucket),
        Key: key,
        UploadId: s3UploadId,
        PartNumberMarker: marker,
      }),
    );
    for (const part of page.Parts ?? []) {
      parts.push({ partNumber: part.PartNumber ?? 0, etag: part.ETag ?? '', size: part.Size ?? 0 });
    }
    if (!page.IsTruncated || !page.NextPartNumberMarker) return parts;
    marker = page.NextPartNumberMarker;
  }
}

export async function completeMultipartUpload(
  bucket: BucketName,
  key: string,
  s3UploadId: string,
  parts: readonly { partNumber: number; etag: string }[],
): Promise<void> {
  await s3(bucket).send(
    new CompleteMultipartUploadCommand({
      Bucket: bucketName(bucket),
      Key: key,
      UploadId: s3UploadId,
      MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
    }),
  );
}

export async function abortMultipartUpload(
  bucket: BucketName,
  key: string,
  s3UploadId: string,
): Promise<void> {
  try {
    await s3(bucket).send(
      new AbortMultipartUploadCommand({ Bucket: bucketName(bucket), Key: key, UploadId: s3UploadId }),
    );
  } catch (error) {
    // Already gone (completed or aborted before): nothing left to abort.
    if ((error as { name?: string }).name !== 'NoSuchUpload') throw error;
  }
}

/** Writes a file the system itself produced (summary, manifest, translation) and returns its SHA-256. */
export async function putGenerated(
  bucket: BucketName,
  key: string,
  body: Buffer,
  contentType: string,
): Promise<{ size: number; sha256: string; versionId?: string }> {
  const written = await s3(bucket).send(
    new PutObjectCommand({
      Bucket: bucketName(bucket),
      Key: key,
      Body: body,
      ContentType: contentType,
      ContentLength: body.length,
    }),
  );
  return {
    size: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    // The version written (versioned buckets): what was hashed is what a later copy names.
    ...(written.VersionId ? { versionId: written.VersionId } : {}),
  };
}

export async function deleteObject(bucket: BucketName, key: string): Promise<void> {
  await s3(bucket).send(new DeleteObjectCommand({ Bucket: bucketName(bucket), Key: key }));
}

/**
 * Permanently deletes every object under a prefix: every version and every delete marker
 * (the buckets are versioned, so a plain delete would only hide the data). Returns how many
 * object versions were removed.
 */
export function eraseObjects(bucket: BucketName, prefix: string): Promise<number> {
  return eraseVersions(bucket, prefix, (key) => key.startsWith(prefix));
}

/** Every version of exactly one object. */
export function eraseObject(bucket: BucketName, key: string): Promise<number> {
  return eraseVersions(bucket, key, (candidate) => candidate === key);
}

async function eraseVersions(
  bucket: BucketName,
  prefix: string,
  matches: (key: string) => boolean,
): Promise<number> {
  let erased = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await s3(bucket).send(
      new ListObjectVersionsCommand({
        Bucket: bucketName(bucket),
        Prefix: prefix,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((entry) => entry.Key !== undefined && matches(entry.Key))
      .map((entry) => ({ Key: entry.Key!, VersionId: entry.VersionId ?? 'null' }));
    for (let start = 0; start < objects.length; start += 1000) {
      const batch = objects.slice(start, start + 1000);
      const result = await s3(bucket).send(
        new DeleteObjectsCommand({ Bucket: bucketName(bucket), Delete: { Objects: batch, Quiet: true } }),
      );
      if (result.Errors?.length) {
        throw new Error(
          `storage refused to delete ${result.Errors.length} object version(s): ${result.Errors[0]?.Code}`,
        );
      }
      erased += batch.length;
    }
    if (!page.IsTruncated) return erased;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

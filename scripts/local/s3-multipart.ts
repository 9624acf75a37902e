import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type S3rver from '@20minutes/s3rver';

/**
 * Multipart uploads in the s3rver fork as S3 runs them. s3rver lacks ListParts and
 * AbortMultipartUpload, stores a part sent to any upload id (even an aborted one), and completes
 * an upload from whatever part list it is given: a part it does not hold made it open a read
 * stream whose error nothing handled, which ended the whole process. Here each request is
 * checked as S3 checks it, after the signature, and answered with S3's error codes.
 *
 * s3rver keeps an open upload as `<bucket>/uploads/<uploadId>/` holding `key`, `metadata`, and
 * `<partNumber>` with a `<partNumber>.md5` beside each part.
 */

/** S3's floor for every part but the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

interface MultipartContext {
  method: string;
  path: string;
  query: Record<string, string>;
  params: Record<string, string>;
  status: number;
  body: unknown;
}
type Middleware = (ctx: MultipartContext, next: () => Promise<void>) => Promise<void>;

interface StoredPart {
  number: number;
  etag: string;
}
interface Store {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putObject(object: unknown): Promise<{ size: number; md5: string }>;
  putObjectMultipart(
    bucket: string,
    uploadId: string,
    parts: StoredPart[],
  ): Promise<{ size: number; md5: string }>;
}

// s3rver's own pieces, so these checks verify signatures and answer errors exactly as it does.
const requireInternal = createRequire(import.meta.url);
const authentication = requireInternal('@20minutes/s3rver/lib/middleware/authentication') as () => Middleware;
const S3Error = requireInternal('@20minutes/s3rver/lib/models/error') as new (
  code: string,
  message?: string,
  detail?: Record<string, unknown>,
) => Error;
const S3Object = requireInternal('@20minutes/s3rver/lib/models/object') as new (
  bucket: string,
  key: string,
  content: Readable,
  metadata: unknown,
) => unknown;

const noSuchUpload = () =>
  new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
  );

/**
 * The multipart checks and additions, one middleware to place before s3rver's router (after
 * the signature requirement). It also replaces s3rver's completion with one that checks the
 * part list first and never leaves a stream error unhandled.
 */
export function multipartExtensions(server: S3rver): Middleware {
  const store = (server as unknown as { store: Store }).store;
  const uploadDirectory = (bucket: string, uploadId: string) =>
    join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
  store.putObjectMultipart = (bucket, uploadId, parts) =>
    completeUpload(store, uploadDirectory(bucket, uploadId), bucket, uploadId, parts);

  /** The upload's folder, if `uploadId` is an open upload of this key. */
  const openUpload = async (bucket: string, key: string, uploadId: string) => {
    // s3rver's ids are hex; anything else never names a folder.
    if (!/^[a-f0-9]+$/.test(uploadId)) throw noSuchUpload();
    const directory = uploadDirectory(bucket, uploadId);
    const storedKey = await readFile(join(directory, 'key'), 'utf8').catch(() => undefined);
    if (storedKey !== key) throw noSuchUpload();
    return directory;
  };

  const verify = authentication();
  return async (ctx, next) => {
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (!match || !('uploadId' in ctx.query)) return next();
    const bucket = match[1]!;
    const key = decodeURIComponent(match[2]!);
    const uploadId = ctx.query.uploadId ?? '';
    const isPart = 'partNumber' in ctx.query;
    ctx.params = { ...ctx.params, bucket, key };
    if (ctx.method === 'PUT') {
      // UploadPart and UploadPartCopy: only to an open upload, so nothing lands for a closed one.
      return verify(ctx, async () => {
        const partNumber = Number(ctx.query.partNumber);
        if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
          throw new S3Error(
            'InvalidArgument',
            'Part number must be an integer between 1 and 10000, inclusive.',
            {
              ArgumentName: 'partNumber',
              ArgumentValue: ctx.query.partNumber ?? '',
            },
          );
        }
        await openUpload(bucket, key, uploadId);
        await next();
      });
    }
    if (ctx.method === 'POST' && !isPart) {
      // CompleteMultipartUpload: s3rver parses the list, then calls the checked completion.
      return verify(ctx, async () => {
        await openUpload(bucket, key, uploadId);
        readPartNumbersAndEtagsAsText(ctx);
        await next();
      });
    }
    if (isPart || (ctx.method !== 'GET' && ctx.method !== 'DELETE')) return next();
    await verify(ctx, async () => {
      const directory = await openUpload(bucket, key, uploadId);
      if (ctx.method === 'DELETE') {
        await rm(directory, { recursive: true, force: true });
        ctx.status = 204;
        ctx.body = null;
        return;
      }
      ctx.body = listParts(bucket, key, uploadId, await heldParts(directory));
    });
  };
}

/** The parts an upload's folder holds, by number, with their size and ETag. */
async function heldParts(directory: string) {
  const names = (await readdir(directory)).filter((name) => /^\d+$/.test(name));
  const parts = await Promise.all(
    names.map(async (name) => {
      const path = join(directory, name);
      const [info, md5] = await Promise.all([stat(path), readFile(`${path}.md5`, 'utf8')]);
      return { partNumber: Number(name), size: info.size, etag: md5.trim(), lastModified: info.mtime };
    }),
  );
  return parts.sort((a, b) => a.partNumber - b.partNumber);
}

function listParts(
  bucket: string,
  key: string,
  uploadId: string,
  parts: Awaited<ReturnType<typeof heldParts>>,
) {
  return {
    ListPartsResult: {
      '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      PartNumberMarker: 0,
      NextPartNumberMarker: parts.at(-1)?.partNumber ?? 0,
      MaxParts: MAX_PART_NUMBER,
      IsTruncated: false,
      Part: parts.map((part) => ({
        PartNumber: part.partNumber,
        LastModified: part.lastModified.toISOString(),
        ETag: `"${part.etag}"`,
        Size: part.size,
      })),
    },
  };
}

/**
 * s3rver's XML parser turns an all-digit ETag into a number, on which its completion throws a
 * TypeError (a 500). Catch the parsed body as it is set and keep every ETag a string.
 */
function readPartNumbersAndEtagsAsText(ctx: MultipartContext) {
  // Koa's context has `request`; s3.ts's context type names only what the middleware share.
  const request = (ctx as unknown as { request: { body?: unknown } }).request;
  let parsed: unknown = request.body;
  Object.defineProperty(request, 'body', {
    configurable: true,
    enumerable: true,
    get: () => parsed,
    set: (value: { CompleteMultipartUpload?: { Part?: unknown } } | undefined) => {
      const list = value?.CompleteMultipartUpload?.Part;
      if (list !== undefined) {
        for (const part of [list].flat() as { ETag?: unknown }[]) {
          if (part && typeof part === 'object') part.ETag = part.ETag === undefined ? '' : String(part.ETag);
        }
      }
      parsed = value;
    },
  });
}

/**
 * CompleteMultipartUpload as S3 checks it: part numbers strictly ascending (InvalidPartOrder),
 * each part held with the ETag given (InvalidPart), each but the last at least 5 MiB
 * (EntityTooSmall). A refusal keeps the upload open, as in S3. The parts are then joined in one
 * stream whose read errors fail this request (a 500), never the process.
 */
async function completeUpload(
  store: Store,
  directory: string,
  bucket: string,
  uploadId: string,
  parts: StoredPart[],
): Promise<{ size: number; md5: string }> {
  const [key, metadata] = await Promise.all([
    readFile(join(directory, 'key'), 'utf8'),
    readFile(join(directory, 'metadata'), 'utf8').then((text) => JSON.parse(text) as unknown),
  ]).catch(() => {
    throw noSuchUpload();
  });
  for (let index = 1; index < parts.length; index += 1) {
    if (parts[index]!.number <= parts[index - 1]!.number) {
      throw new S3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
        {
          UploadId: uploadId,
        },
      );
    }
  }
  const held = new Map((await heldParts(directory)).map((part) => [part.partNumber, part]));
  parts.forEach((part, index) => {
    const stored = held.get(part.number);
    if (!stored || stored.etag !== part.etag) {
      throw new S3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
        { UploadId: uploadId, PartNumber: part.number, ETag: part.etag },
      );
    }
    if (index < parts.length - 1 && stored.size < MIN_PART_BYTES) {
      throw new S3Error(
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed object size.',
        {
          ProposedSize: stored.size,
          MinSizeAllowed: MIN_PART_BYTES,
          PartNumber: part.number,
        },
      );
    }
  });
  const paths = parts.map((part) => join(directory, String(part.number)));
  const content = Readable.from(
    (async function* () {
      for (const path of paths) yield* createReadStream(path);
    })(),
  );
  const result = await store.putObject(new S3Object(bucket, key, content, metadata));
  await rm(directory, { recursive: true, force: true });
  return result;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Versioning for the s3rver fork, whose store keeps one object per key: every bucket behaves as
 * a versioning-enabled S3 bucket (every bucket of this project is versioned in AWS).
 *
 * s3rver's own layout stays the current version (`<key>._S3rver_object` with its metadata), so
 * everything s3rver serves keeps working. Beside it, each key has `<key>._S3rver_versions.json`
 * (its versions and delete markers, newest first) and one `<key>._S3rver_version-<id>` file
 * per version; the current object is a hard link to the newest version's file, replaced
 * atomically (link, then rename), so writing a new version never touches an old one's bytes.
 * s3rver lists only `._S3rver_object` files, so it never sees these.
 *
 * Requests name versions the S3 way: `?versionId=` on GET, HEAD and DELETE, and
 * `bucket/key?versionId=` in `x-amz-copy-source`; answers carry `x-amz-version-id`. The version
 * a request created is known to the object-created event s3rver emits during that request.
 */

const requireInternal = createRequire(import.meta.url);
const authentication = requireInternal(
  '@20minutes/s3rver/lib/middleware/authentication',
) as () => KoaMiddleware;
const S3Error = requireInternal('@20minutes/s3rver/lib/models/error') as new (
  code: string,
  message?: string,
  detail?: Record<string, unknown>,
) => Error;
const S3Object = requireInternal('@20minutes/s3rver/lib/models/object') as {
  new (
    bucket: string,
    key: string,
    content: Readable | null,
    metadata: Record<string, unknown>,
  ): S3ObjectModel;
  ALLOWED_METADATA: string[];
};
const { xmlBodyParser } = requireInternal('@20minutes/s3rver/lib/utils') as {
  xmlBodyParser(ctx: KoaContext): Promise<void>;
};

/** Koa's context has these too; the shared context type above names only what s3rver's callers share. */
const koa = (ctx: KoaContext) =>
  ctx as KoaContext & { request: { body?: unknown }; set(field: string, value: string): void };

interface S3ObjectModel {
  bucket: string;
  key: string;
  content: Readable | Buffer | null;
  metadata: Record<string, string>;
  range?: { start: number; end: number };
}

export interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  params: Record<string, string>;
  state: Record<string, unknown>;
  status: number;
  body: unknown;
}
export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** The parts of s3rver's FilesystemStore this module uses and wraps. */
export interface VersionedStore {
  rootDirectory: string;
  getBucket(bucket: string): Promise<unknown>;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
  putContent(path: string, content: Readable | Buffer): Promise<[number, string]>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  getObject(
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ): Promise<S3ObjectModel | null>;
  putObject(object: S3ObjectModel): Promise<{ size: number; md5: string }>;
  copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: Record<string, string> | null,
  ): Promise<Record<string, string>>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

interface VersionEntry {
  readonly versionId: string;
  readonly deleteMarker?: true;
  readonly lastModified: string;
  /** Hex MD5 of the bytes (the ETag, unquoted). */
  readonly md5?: string;
  readonly size?: number;
  /** The object's stored metadata (content type, x-amz-meta-*). */
  readonly metadata?: Record<string, string>;
}

/** What one request names and learns about versions. */
interface RequestVersions {
  readonly bucket?: string;
  readonly key?: string;
  readonly versionId?: string;
  /** The version this request created, served or deleted (answered as `x-amz-version-id`). */
  answered?: { versionId: string; deleteMarker?: boolean };
  copySourceVersionId?: string;
  created?: { bucket: string; key: string; versionId: string; etag: string };
}

export interface CreatedVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  /** Quoted, as S3 writes ETags. */
  readonly etag: string;
}

const INDEX = 'versions.json';
const versionResource = (versionId: string) => `version-${versionId}`;
/** S3 version ids are opaque strings of up to 1,024 bytes; these are 32 URL-safe characters. */
const newVersionId = () => randomBytes(24).toString('base64url');
const NO_SUCH_VERSION = () => new S3Error('NoSuchVersion', 'The specified version does not exist.', {});
const COPY_SOURCE_VERSION = '?versionId=';

const pickMetadata = (metadata: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(metadata)
      .filter(([name]) => S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-'))
      .map(([name, value]) => [name, String(value)]),
  );

const ignoreMissing = (error: unknown) => {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
};

export interface S3Versioning {
  /** First in the chain: names the request's version and answers `x-amz-version-id`. */
  readonly context: KoaMiddleware;
  /** ListObjectVersions and a DeleteObjects that honours VersionId, behind s3rver's signature check. */
  readonly listVersions: KoaMiddleware;
  readonly deleteObjects: KoaMiddleware;
  /** The version the current request created (read while s3rver emits its event). */
  createdVersion(): CreatedVersion | undefined;
}

/** Makes every bucket of `store` versioned; call before the server starts. */
export function versionStore(store: VersionedStore): S3Versioning {
  const requests = new AsyncLocalStorage<RequestVersions>();
  const inner = {
    existsObject: store.existsObject.bind(store),
    getObject: store.getObject.bind(store),
    getMetadata: store.getMetadata.bind(store),
  };

  // One writer at a time per key, so the index and the current object stay in step.
  const locks = new Map<string, Promise<unknown>>();
  function withLock<T>(bucket: string, key: string, work: () => Promise<T>): Promise<T> {
    const id = `${bucket}\0${key}`;
    const run = (locks.get(id) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    locks.set(id, settled);
    void settled.then(() => {
      if (locks.get(id) === settled) locks.delete(id);
    });
    return run;
  }

  const paths = (bucket: string, key: string) => ({
    index: store.getResourcePath(bucket, key, INDEX),
    current: store.getResourcePath(bucket, key, 'object'),
    currentMd5: store.getResourcePath(bucket, key, 'object.md5'),
    currentMetadata: store.getResourcePath(bucket, key, 'metadata.json'),
    version: (versionId: string) => store.getResourcePath(bucket, key, versionResource(versionId)),
  });

  async function readIndex(bucket: string, key: string): Promise<VersionEntry[] | undefined> {
    try {
      return JSON.parse(await fs.readFile(paths(bucket, key).index, 'utf8')) as VersionEntry[];
    } catch (error) {
      ignoreMissing(error);
      return undefined;
    }
  }

  /**
   * The key's versions, newest first. An object written before versioning (data from an older
   * emulator) is S3's "null" version; it is adopted into the index when the key next changes.
   */
  async function versionsOf(bucket: string, key: string, adopt = false): Promise<VersionEntry[]> {
    const indexed = await readIndex(bucket, key);
    if (indexed) return indexed;
    let metadata: Record<string, string>;
    try {
      metadata = await inner.getMetadata(bucket, key);
    } catch (error) {
      ignoreMissing(error);
      return [];
    }
    const entry: VersionEntry = {
      versionId: 'null',
      lastModified: new Date(metadata['last-modified'] ?? Date.now()).toISOString(),
      md5: JSON.parse(metadata.etag ?? '""') as string,
      size: Number(metadata['content-length'] ?? 0),
      metadata: pickMetadata(metadata),
    };
    if (adopt) await linkInto(paths(bucket, key).current, paths(bucket, key).version('null'));
    return [entry];
  }

  async function writeIndex(bucket: string, key: string, versions: readonly VersionEntry[]) {
    const { index } = paths(bucket, key);
    const temporary = `${index}.${randomBytes(4).toString('hex')}`;
    await fs.writeFile(temporary, JSON.stringify(versions));
    await fs.rename(temporary, index);
  }

  /** Hard-links `from` at `to` (replacing `to` atomically); copies where links are not possible. */
  async function linkInto(from: string, to: string) {
    const temporary = `${to}.${randomBytes(4).toString('hex')}`;
    try {
      await fs.link(from, temporary);
    } catch {
      await fs.copyFile(from, temporary);
    }
    await fs.rename(temporary, to);
  }

  /** Makes `entry` the object s3rver serves for the key (or none, for a delete marker). */
  async function makeCurrent(bucket: string, key: string, entry: VersionEntry | undefined) {
    const at = paths(bucket, key);
    if (!entry || entry.deleteMarker) {
      await Promise.all(
        [at.current, at.currentMd5, at.currentMetadata].map((path) => fs.unlink(path).catch(ignoreMissing)),
      );
      return;
    }
    await linkInto(at.version(entry.versionId), at.current);
    await store.putMetadata(bucket, key, entry.metadata ?? {}, entry.md5);
  }

  /** Removes the directories a key's files lived in once they are empty, as s3rver does. */
  async function pruneDirectories(bucket: string, key: string) {
    const bucketPath = join(store.rootDirectory, bucket);
    const parts = key.split('/');
    parts.pop();
    while (parts.length > 0) {
      const directory = join(bucketPath, ...parts);
      const left = await fs.readdir(directory).catch(() => ['?']);
      if (left.length > 0) return;
      await fs.rm(directory, { recursive: true, force: true });
      parts.pop();
    }
  }

  /** Records a version whose bytes are already in its version file, and makes it current. */
  function commit(
    bucket: string,
    key: string,
    versionId: string,
    facts: { md5: string; size: number; metadata: Record<string, string> },
  ): Promise<void> {
    return withLock(bucket, key, async () => {
      const entry: VersionEntry = { versionId, lastModified: new Date().toISOString(), ...facts };
      await writeIndex(bucket, key, [entry, ...(await versionsOf(bucket, key, true))]);
      await makeCurrent(bucket, key, entry);
      const request = requests.getStore();
      if (request) {
        request.answered = { versionId };
        request.created = { bucket, key, versionId, etag: JSON.stringify(facts.md5) };
      }
    });
  }

  /** Permanently deletes one version (or delete marker); the next newest becomes current. */
  function deleteVersion(bucket: string, key: string, versionId: string) {
    return withLock(bucket, key, async () => {
      const versions = await versionsOf(bucket, key, true);
      const position = versions.findIndex((entry) => entry.versionId === versionId);
      if (position < 0) return undefined;
      const [removed] = versions.splice(position, 1);
      if (!removed?.deleteMarker) await fs.unlink(paths(bucket, key).version(versionId)).catch(ignoreMissing);
      if (position === 0) await makeCurrent(bucket, key, versions[0]);
      if (versions.length > 0) await writeIndex(bucket, key, versions);
      else {
        await fs.unlink(paths(bucket, key).index).catch(ignoreMissing);
        await pruneDirectories(bucket, key);
      }
      return removed;
    });
  }

  /** A delete without a version id: a delete marker becomes the current version. */
  function addDeleteMarker(bucket: string, key: string) {
    return withLock(bucket, key, async () => {
      const marker: VersionEntry = {
        versionId: newVersionId(),
        deleteMarker: true,
        lastModified: new Date().toISOString(),
      };
      await writeIndex(bucket, key, [marker, ...(await versionsOf(bucket, key, true))]);
      await makeCurrent(bucket, key, undefined);
      return marker;
    });
  }

  /** The key and version a store call is about: from a copy source, or the request's own query. */
  function named(bucket: string, key: string): { key: string; versionId?: string } {
    const at = key.indexOf(COPY_SOURCE_VERSION);
    if (at >= 0) {
      return {
        key: key.slice(0, at),
        versionId: decodeURIComponent(key.slice(at + COPY_SOURCE_VERSION.length)),
      };
    }
    const request = requests.getStore();
    if (request?.versionId !== undefined && request.bucket === bucket && request.key === key) {
      return { key, versionId: request.versionId };
    }
    return { key };
  }

  async function findVersion(bucket: string, key: string, versionId: string): Promise<VersionEntry> {
    const entry = (await versionsOf(bucket, key)).find((candidate) => candidate.versionId === versionId);
    if (!entry) throw NO_SUCH_VERSION();
    return entry;
  }

  async function currentVersionId(bucket: string, key: string) {
    return (await versionsOf(bucket, key))[0]?.versionId;
  }

  // The store calls s3rver's controllers make, answered per version.
  store.existsObject = async (bucket, key) => {
    const target = named(bucket, key);
    if (target.versionId === undefined) return inner.existsObject(bucket, target.key);
    const found = (await versionsOf(bucket, target.key)).some(
      (entry) => entry.versionId === target.versionId,
    );
    // A copy source naming a version that is not there: S3 answers NoSuchVersion, not NoSuchKey.
    if (!found && key.includes(COPY_SOURCE_VERSION)) throw NO_SUCH_VERSION();
    return found;
  };

  store.getObject = async (bucket, key, options) => {
    const target = named(bucket, key);
    const request = requests.getStore();
    if (target.versionId === undefined) {
      const object = await inner.getObject(bucket, target.key, options);
      const versionId = object ? await currentVersionId(bucket, target.key) : undefined;
      if (request && versionId) request.answered = { versionId };
      return object;
    }
    const entry = await findVersion(bucket, target.key, target.versionId);
    if (entry.deleteMarker) {
      throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', {
        Method: 'GET',
        ResourceType: 'DeleteMarker',
      });
    }
    if (request) request.answered = { versionId: entry.versionId };
    const metadata = {
      ...entry.metadata,
      etag: JSON.stringify(entry.md5 ?? ''),
      'last-modified': new Date(entry.lastModified).toUTCString(),
      'content-length': String(entry.size ?? 0),
    };
    const lastByte = Math.max(0, (entry.size ?? 0) - 1);
    const ranged = options?.start !== undefined || options?.end !== undefined;
    const range = {
      start: options?.start ?? 0,
      end: Math.min(options?.end ?? Number.POSITIVE_INFINITY, lastByte),
    };
    if (range.start < 0 || range.end < range.start) {
      // Not satisfiable: s3rver answers InvalidRange for an object with a range and no content.
      const object = new S3Object(bucket, target.key, null, metadata);
      if (ranged) object.range = range;
      return object;
    }
    const content = await new Promise<Readable>((resolve, reject) => {
      const stream = createReadStream(paths(bucket, target.key).version(entry.versionId), range)
        .on('error', reject)
        .on('open', () => resolve(stream));
    });
    const object = new S3Object(bucket, target.key, content, metadata);
    if (ranged) object.range = range;
    return object;
  };

  // PutObject, POST uploads and CompleteMultipartUpload (which s3rver writes through putObject).
  store.putObject = async (object) => {
    const versionId = newVersionId();
    const path = paths(object.bucket, object.key).version(versionId);
    await fs.mkdir(dirname(path), { recursive: true });
    let written: [number, string];
    try {
      written = await store.putContent(path, object.content as Readable | Buffer);
    } catch (error) {
      // A PUT whose body broke off: s3rver always kept what arrived (S3 keeps nothing); so does
      // this, as a version, so the emulator's behaviour for such a request stays what it was.
      const kept = await fs.readFile(path).catch(() => undefined);
      if (kept === undefined) throw error;
      await commit(object.bucket, object.key, versionId, {
        md5: createHash('md5').update(kept).digest('hex'),
        size: kept.length,
        metadata: pickMetadata(object.metadata),
      });
      throw error;
    }
    const [size, md5] = written;
    await commit(object.bucket, object.key, versionId, {
      md5,
      size,
      metadata: pickMetadata(object.metadata),
    });
    return { size, md5 };
  };

  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
    const source = named(srcBucket, srcKey);
    let sourcePath: string;
    let md5: string;
    let metadata: Record<string, string>;
    if (source.versionId !== undefined) {
      const entry = await findVersion(srcBucket, source.key, source.versionId);
      if (entry.deleteMarker) {
        throw new S3Error(
          'InvalidRequest',
          'The source of a copy request may not specifically refer to a delete marker by version id.',
        );
      }
      sourcePath = paths(srcBucket, source.key).version(entry.versionId);
      md5 = entry.md5 ?? '';
      metadata = entry.metadata ?? {};
    } else {
      const current = await inner.getMetadata(srcBucket, source.key);
      sourcePath = paths(srcBucket, source.key).current;
      md5 = JSON.parse(current.etag ?? '""') as string;
      metadata = pickMetadata(current);
    }
    const versionId = newVersionId();
    const path = paths(destBucket, destKey).version(versionId);
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.copyFile(sourcePath, path);
    const { size } = await fs.stat(path);
    await commit(destBucket, destKey, versionId, {
      md5,
      size,
      metadata: replacementMetadata ? pickMetadata(replacementMetadata) : metadata,
    });
    const request = requests.getStore();
    const copied = source.versionId ?? (await currentVersionId(srcBucket, source.key));
    if (request && copied) request.copySourceVersionId = copied;
    return inner.getMetadata(destBucket, destKey);
  };

  store.deleteObject = async (bucket, key) => {
    const target = named(bucket, key);
    const request = requests.getStore();
    if (target.versionId === undefined) {
      const marker = await addDeleteMarker(bucket, target.key);
      if (request) request.answered = { versionId: marker.versionId, deleteMarker: true };
      return;
    }
    const removed = await deleteVersion(bucket, target.key, target.versionId);
    if (request && removed) {
      request.answered = {
        versionId: removed.versionId,
        ...(removed.deleteMarker ? { deleteMarker: true } : {}),
      };
    }
  };

  /** Every key under `prefix` that has versions (or a pre-versioning object), in key order. */
  async function keysUnder(bucket: string, prefix: string): Promise<string[]> {
    const bucketPath = join(store.rootDirectory, bucket);
    const start = join(bucketPath, ...prefix.split('/').slice(0, -1));
    const keys = new Set<string>();
    const suffixes = [`._S3rver_${INDEX}`, '._S3rver_object'];
    const walk = async (directory: string): Promise<void> => {
      const entries = await fs.readdir(directory, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) {
          await walk(path);
          continue;
        }
        const suffix = suffixes.find((candidate) => entry.name.endsWith(candidate));
        if (!suffix) continue;
        const key = relative(bucketPath, path).split(sep).join('/').slice(0, -suffix.length);
        if (key.startsWith(prefix)) keys.add(key);
      }
    };
    await walk(start);
    return [...keys].sort();
  }

  const listVersions = ((): KoaMiddleware => {
    const verify = authentication();
    return async (ctx, next) => {
      const match = /^\/([^/]+)(\/?)$/.exec(ctx.path);
      if (!match || ctx.method !== 'GET' || !('versions' in ctx.query)) return next();
      const bucket = match[1]!;
      // The SDK signs bucket requests as `/<bucket>/`; the bucket parameter carries the slash.
      ctx.params = { ...ctx.params, bucket: `${bucket}${match[2]}` };
      await verify(ctx, async () => {
        if (!(await store.getBucket(bucket))) {
          throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
        }
        const prefix = ctx.query.prefix ?? '';
        const maxKeys = Math.min(1000, Number(ctx.query['max-keys'] ?? 1000) || 1000);
        const keyMarker = ctx.query['key-marker'] ?? '';
        const versionIdMarker = ctx.query['version-id-marker'] ?? '';
        const listed: (VersionEntry & { key: string; isLatest: boolean })[] = [];
        let isTruncated = false;
        for (const key of await keysUnder(bucket, prefix)) {
          if (keyMarker && key < keyMarker) continue;
          const versions = await versionsOf(bucket, key);
          let from = 0;
          if (keyMarker && key === keyMarker) {
            // After the marker's version, or past the whole key when no version marker is given.
            from = versionIdMarker
              ? versions.findIndex((entry) => entry.versionId === versionIdMarker) + 1
              : versions.length;
            if (from === 0) from = versions.length;
          }
          for (let position = from; position < versions.length; position += 1) {
            if (listed.length === maxKeys) {
              isTruncated = true;
              break;
            }
            listed.push({ ...versions[position]!, key, isLatest: position === 0 });
          }
          if (isTruncated) break;
        }
        const last = listed.at(-1);
        ctx.body = {
          ListVersionsResult: {
            '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
            Name: bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
            MaxKeys: maxKeys,
            IsTruncated: isTruncated,
            ...(isTruncated && last ? { NextKeyMarker: last.key, NextVersionIdMarker: last.versionId } : {}),
            Version: listed
              .filter((entry) => !entry.deleteMarker)
              .map((entry) => ({
                Key: entry.key,
                VersionId: entry.versionId,
                IsLatest: entry.isLatest,
                LastModified: entry.lastModified,
                ETag: JSON.stringify(entry.md5 ?? ''),
                Size: entry.size ?? 0,
                StorageClass: 'STANDARD',
              })),
            DeleteMarker: listed
              .filter((entry) => entry.deleteMarker)
              .map((entry) => ({
                Key: entry.key,
                VersionId: entry.versionId,
                IsLatest: entry.isLatest,
                LastModified: entry.lastModified,
              })),
          },
        };
      });
    };
  })();

  /** DeleteObjects, where s3rver ignores VersionId: each entry deletes exactly what it names. */
  const deleteObjects = ((): KoaMiddleware => {
    const verify = authentication();
    return async (ctx, next) => {
      const match = /^\/([^/]+)(\/?)$/.exec(ctx.path);
      if (!match || ctx.method !== 'POST' || !('delete' in ctx.query)) return next();
      const bucket = match[1]!;
      ctx.params = { ...ctx.params, bucket: `${bucket}${match[2]}` };
      await verify(ctx, async () => {
        if (!(await store.getBucket(bucket))) {
          throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
        }
        await xmlBodyParser(ctx);
        const request = (
          koa(ctx).request.body as { Delete?: { Object?: unknown; Quiet?: unknown } } | undefined
        )?.Delete;
        if (!request?.Object) {
          throw new S3Error(
            'MalformedXML',
            'The XML you provided was not well-formed or did not validate against our published schema.',
          );
        }
        const objects = ([] as { Key?: unknown; VersionId?: unknown }[]).concat(
          request.Object as { Key?: unknown; VersionId?: unknown }[],
        );
        const deleted: Record<string, unknown>[] = [];
        for (const object of objects) {
          const key = String(object.Key ?? '');
          if (object.VersionId !== undefined && object.VersionId !== '') {
            const versionId = String(object.VersionId);
            const removed = await deleteVersion(bucket, key, versionId);
            deleted.push({
              Key: key,
              VersionId: versionId,
              ...(removed?.deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: versionId } : {}),
            });
          } else {
            const marker = await addDeleteMarker(bucket, key);
            deleted.push({ Key: key, DeleteMarker: true, DeleteMarkerVersionId: marker.versionId });
          }
        }
        ctx.body = {
          DeleteResult: {
            '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
            ...(String(request.Quiet) === 'true' ? {} : { Deleted: deleted }),
          },
        };
      });
    };
  })();

  const context: KoaMiddleware = async (ctx, next) => {
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    const request: RequestVersions = match
      ? {
          bucket: match[1]!,
          key: decodeURIComponent(match[2]!),
          ...(ctx.query.versionId !== undefined ? { versionId: String(ctx.query.versionId) } : {}),
        }
      : {};
    await requests.run(request, next);
    if (request.answered) {
      koa(ctx).set('x-amz-version-id', request.answered.versionId);
      if (request.answered.deleteMarker) koa(ctx).set('x-amz-delete-marker', 'true');
    }
    if (request.copySourceVersionId)
      koa(ctx).set('x-amz-copy-source-version-id', request.copySourceVersionId);
  };

  return {
    context,
    listVersions,
    deleteObjects,
    createdVersion: () => requests.getStore()?.created,
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buckets } from '../../functions/contract';
import { type LocalS3, type ObjectCreatedEvent, startS3 } from '../../scripts/local/s3';

/**
 * The local S3 emulator keeps versions as a versioning-enabled S3 bucket does, through the real
 * AWS SDK client and with signatures checked: each write a new version, reads and copies of a
 * named version, truthful listings, and deletes of exactly one version.
 */
const intake = buckets.intake.localName;
const records = buckets.records.localName;
let dataDir: string;
let server: LocalS3;
let client: S3Client;
const events: ObjectCreatedEvent[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oso-s3-versions-'));
  server = await startS3(dataDir, '127.0.0.1', (event) => events.push(event));
  client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
});
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const text = async (response: { Body?: { transformToString(): Promise<string> } }) =>
  (await response.Body?.transformToString()) ?? '';
const put = (Bucket: string, Key: string, body: string) =>
  client.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentType: 'text/plain' }));
const versions = async (Bucket: string, Prefix: string) => {
  const listed = await client.send(new ListObjectVersionsCommand({ Bucket, Prefix }));
  return {
    versions: (listed.Versions ?? []).map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size]),
    markers: (listed.DeleteMarkers ?? []).map((m) => [m.Key, m.VersionId, m.IsLatest]),
  };
};

describe('the local S3 emulator keeps object versions', () => {
  it('gives every PUT a new version, serves each by id, and lists them newest first', async () => {
    const key = 'cases/a/documents/one';
    const first = await put(intake, key, 'first version');
    const second = await put(intake, key, 'second version!');
    expect(first.VersionId).toMatch(/^[\w-]{32}$/);
    expect(second.VersionId).toMatch(/^[\w-]{32}$/);
    expect(second.VersionId).not.toBe(first.VersionId);

    expect(await text(await client.send(new GetObjectCommand({ Bucket: intake, Key: key })))).toBe(
      'second version!',
    );
    const old = await client.send(
      new GetObjectCommand({ Bucket: intake, Key: key, VersionId: first.VersionId }),
    );
    expect(old.VersionId).toBe(first.VersionId);
    expect(await text(old)).toBe('first version');
    const ranged = await client.send(
      new GetObjectCommand({ Bucket: intake, Key: key, VersionId: first.VersionId, Range: 'bytes=0-4' }),
    );
    expect(await text(ranged)).toBe('first');
    const head = await client.send(
      new HeadObjectCommand({ Bucket: intake, Key: key, VersionId: first.VersionId }),
    );
    expect(head.ContentLength).toBe('first version'.length);
    expect(head.ETag).toBe(first.ETag);

    await expect(
      client.send(new GetObjectCommand({ Bucket: intake, Key: key, VersionId: 'no-such-version' })),
    ).rejects.toMatchObject({ name: 'NoSuchVersion' });

    expect(await versions(intake, key)).toEqual({
      versions: [
        [key, second.VersionId, true, 15],
        [key, first.VersionId, false, 13],
      ],
      markers: [],
    });
    // A plain listing still shows one object per key.
    const listed = await client.send(new ListObjectsV2Command({ Bucket: intake, Prefix: key }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([key]);
  });

  it('reports the version in object-created events, and on presigned PUTs used twice', async () => {
    const key = 'cases/b/documents/presigned';
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: intake, Key: key, ContentType: 'text/plain', ContentLength: 3 }),
      { expiresIn: 60, signableHeaders: new Set(['content-type', 'content-length']) },
    );
    const headers = { 'Content-Type': 'text/plain', 'Content-Length': '3' };
    const one = await fetch(url, { method: 'PUT', headers, body: 'one' });
    const two = await fetch(url, { method: 'PUT', headers, body: 'two' });
    expect([one.status, two.status]).toEqual([200, 200]);
    const ids = [one.headers.get('x-amz-version-id'), two.headers.get('x-amz-version-id')];
    const mine = events.filter((event) => event.detail.object.key === key);
    expect(mine.map((event) => event.detail.object['version-id'])).toEqual(ids);
    expect(mine.map((event) => event.detail.object.etag)).toEqual([
      one.headers.get('etag')?.replace(/"/g, ''),
      two.headers.get('etag')?.replace(/"/g, ''),
    ]);
    // The same URL without a signature is still refused.
    const unsigned = await fetch(url.split('?')[0]!, { method: 'PUT', headers, body: 'bad' });
    expect(unsigned.status).toBe(403);
  });

  it('copies the version a copy source names', async () => {
    const key = 'cases/c/documents/copy';
    const first = await put(intake, key, 'checked bytes');
    await put(intake, key, 'other bytes!!');
    const copied = await client.send(
      new CopyObjectCommand({
        Bucket: records,
        Key: key,
        CopySource: `${intake}/${key}?versionId=${first.VersionId}`,
      }),
    );
    expect(copied.CopySourceVersionId).toBe(first.VersionId);
    expect(copied.VersionId).toMatch(/^[\w-]{32}$/);
    expect(await text(await client.send(new GetObjectCommand({ Bucket: records, Key: key })))).toBe(
      'checked bytes',
    );
    await expect(
      client.send(
        new CopyObjectCommand({
          Bucket: records,
          Key: `${key}-x`,
          CopySource: `${intake}/${key}?versionId=nope`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchVersion' });
  });

  it('versions multipart uploads too', async () => {
    const key = 'cases/d/documents/multipart';
    await put(intake, key, 'before');
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: intake, Key: key }));
    const part = await client.send(
      new UploadPartCommand({ Bucket: intake, Key: key, UploadId, PartNumber: 1, Body: 'after' }),
    );
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: intake,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(done.VersionId).toMatch(/^[\w-]{32}$/);
    expect(events.at(-1)?.detail.object['version-id']).toBe(done.VersionId);
    expect((await versions(intake, key)).versions).toHaveLength(2);
  });

  it('deletes exactly the version named; a plain delete leaves a delete marker', async () => {
    const key = 'cases/e/documents/delete';
    const first = await put(intake, key, 'first');
    const second = await put(intake, key, 'second');
    // Deleting the newest version makes the one before it current again.
    const removed = await client.send(
      new DeleteObjectCommand({ Bucket: intake, Key: key, VersionId: second.VersionId }),
    );
    expect(removed.VersionId).toBe(second.VersionId);
    expect(await text(await client.send(new GetObjectCommand({ Bucket: intake, Key: key })))).toBe('first');
    expect((await versions(intake, key)).versions).toEqual([[key, first.VersionId, true, 5]]);

    const marker = await client.send(new DeleteObjectCommand({ Bucket: intake, Key: key }));
    expect(marker.DeleteMarker).toBe(true);
    await expect(client.send(new GetObjectCommand({ Bucket: intake, Key: key }))).rejects.toMatchObject({
      name: 'NoSuchKey',
    });
    // The old version is still there, under its id.
    const kept = await client.send(
      new GetObjectCommand({ Bucket: intake, Key: key, VersionId: first.VersionId }),
    );
    expect(await text(kept)).toBe('first');
    expect(await versions(intake, key)).toEqual({
      versions: [[key, first.VersionId, false, 5]],
      markers: [[key, marker.VersionId, true]],
    });

    // DeleteObjects with version ids (how an erasure works) removes every version and marker.
    const result = await client.send(
      new DeleteObjectsCommand({
        Bucket: intake,
        Delete: {
          Objects: [
            { Key: key, VersionId: first.VersionId },
            { Key: key, VersionId: marker.VersionId },
          ],
        },
      }),
    );
    expect(result.Deleted?.map((entry) => entry.VersionId).sort()).toEqual(
      [first.VersionId, marker.VersionId].sort(),
    );
    expect(await versions(intake, key)).toEqual({ versions: [], markers: [] });
  });

  it('pages through versions with key and version-id markers', async () => {
    const prefix = 'cases/f/';
    const written: string[] = [];
    for (const name of ['x', 'y']) {
      for (let round = 0; round < 3; round += 1) {
        written.push(`${name}:${(await put(intake, `${prefix}${name}`, `${name}${round}`)).VersionId}`);
      }
    }
    const seen: string[] = [];
    let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (let page = 0; page < 10; page += 1) {
      const listed = await client.send(
        new ListObjectVersionsCommand({ Bucket: intake, Prefix: prefix, MaxKeys: 4, ...marker }),
      );
      seen.push(...(listed.Versions ?? []).map((v) => `${v.Key?.slice(prefix.length)}:${v.VersionId}`));
      if (!listed.IsTruncated) break;
      marker = { KeyMarker: listed.NextKeyMarker, VersionIdMarker: listed.NextVersionIdMarker };
    }
    // Keys in order, each key's versions newest first, each exactly once.
    expect(seen).toEqual([...written.slice(0, 3).reverse(), ...written.slice(3).reverse()]);
  });
});

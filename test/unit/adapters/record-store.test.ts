import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyObject } from '../../../functions/adapters/record-store';
import { buckets } from '../../../functions/contract';
import { useFakeAwsEnv } from '../fake-aws-env';

const GiB = 1024 ** 3;

describe('server-side copy', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    for (const bucket of Object.values(buckets)) process.env[bucket.envVar] = bucket.localName;
    useFakeAwsEnv();
  });
  afterEach(() => s3.reset());

  it('copies up to 5 GiB in one CopyObject', async () => {
    s3.on(CopyObjectCommand).resolves({});
    await copyObject(
      { bucket: 'records', key: 'cases/c/documents/d' },
      { bucket: 'relay', key: 'hospitals/h/x' },
      5 * GiB,
    );
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'relay',
      Key: 'hospitals/h/x',
      CopySource: 'records/cases/c/documents/d',
    });
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('copies a larger object part by part, covering every byte exactly once', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCopyCommand).callsFake((input: { PartNumber: number }) => ({
      CopyPartResult: { ETag: `"e${input.PartNumber}"` },
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const size = 6 * GiB + 123;
    await copyObject({ bucket: 'records', key: 'a' }, { bucket: 'relay', key: 'b' }, size);
    const ranges = s3.commandCalls(UploadPartCopyCommand).map((call) => call.args[0].input.CopySourceRange!);
    expect(ranges[0]).toBe(`bytes=0-${512 * 1024 ** 2 - 1}`);
    expect(ranges.at(-1)).toBe(`bytes=${12 * 512 * 1024 ** 2}-${size - 1}`);
    const covered = ranges.reduce((total, range) => {
      const [start, end] = range.slice(6).split('-').map(Number) as [number, number];
      return total + (end - start + 1);
    }, 0);
    expect(covered).toBe(size);
    expect(
      s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input.MultipartUpload!.Parts,
    ).toHaveLength(13);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });

  it('aborts the multipart copy when a part fails, leaving nothing half-copied', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u2' });
    s3.on(UploadPartCopyCommand).rejectsOnce(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    s3.on(AbortMultipartUploadCommand).resolves({});
    await expect(
      copyObject({ bucket: 'records', key: 'a' }, { bucket: 'relay', key: 'b' }, 6 * GiB),
    ).rejects.toMatchObject({ name: 'SlowDown' });
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'relay',
      Key: 'b',
      UploadId: 'u2',
    });
  });
});

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/aws-clients';
import { buckets } from '../../functions/contract';
import { useLocalBackend } from './harness';

/**
 * The S3 emulator's multipart rules, as S3 answers them: a completion naming parts storage does
 * not hold (or holds with another ETag, or out of order, or too small) is refused and nothing
 * dies; a part sent to an aborted upload is refused and nothing is written.
 */
describe('multipart uploads in the S3 emulator', () => {
  const local = useLocalBackend('s3-multipart');
  const Bucket = buckets.intake.localName;
  const MIB = 1024 * 1024;

  /** The emulator's own folders of open multipart uploads (`<bucket>/uploads/<uploadId>`). */
  const openUploadFolders = async () =>
    (await readdir(join(local.dataDir, 's3', Bucket, '._S3rver_uploads')).catch(() => [] as string[])).sort();

  const errorOf = async (promise: Promise<unknown>) =>
    promise.then(
      () => ({ name: 'no error', status: 0 }),
      (error: { name: string; $metadata?: { httpStatusCode?: number } }) => ({
        name: error.name,
        status: error.$metadata?.httpStatusCode ?? 0,
      }),
    );

  it('answers a completion naming never-uploaded parts with a 4xx, and the backend serves the next request', async () => {
    const { patientToken } = await local.openCase({ cancerType: 'liver' });
    const started = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'imaging',
      fileName: 'study.dcm',
      contentType: 'application/dicom',
      size: 120 * MIB,
    });
    expect(started.body.method).toBe('MULTIPART');
    const { uploadId, parts } = started.body as { uploadId: string; parts: { partNumber: number }[] };
    // Not one part was sent: every ETag is made up.
    const madeUp = parts.map(({ partNumber }) => ({
      partNumber,
      etag: `"${partNumber.toString(16).padStart(32, 'f')}"`,
    }));
    const completed = await local.api.call('POST', `/patient/uploads/${uploadId}/complete`, patientToken, {
      parts: madeUp,
    });
    expect(completed.status).toBe(400);
    expect(completed.body.error.code).toBeDefined();
    // An ETag of digits only (the emulator's XML parser reads it as a number) is refused the same way.
    const digits = await local.api.call('POST', `/patient/uploads/${uploadId}/complete`, patientToken, {
      parts: madeUp.map((part) => ({ ...part, etag: '1234567890' })),
    });
    expect(digits.status).toBe(400);

    const next = await local.api.call('GET', '/patient/case', patientToken);
    expect(next.status).toBe(200);
  });

  it('completes only with the parts storage holds, in order, with their ETags, each but the last at least 5 MiB', async () => {
    const Key = `checks/${Date.now()}`;
    const { UploadId } = await s3('intake').send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const put = async (PartNumber: number, bytes: Buffer) =>
      (await s3('intake').send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: bytes })))
        .ETag as string;
    const first = Buffer.alloc(5 * MIB, 1);
    const etag1 = await put(1, first);
    const etag2 = await put(2, Buffer.from('the last part may be small'));
    const complete = (Parts: { PartNumber: number; ETag: string }[]) =>
      s3('intake').send(
        new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }),
      );

    expect(
      await errorOf(
        complete([
          { PartNumber: 1, ETag: etag1 },
          { PartNumber: 3, ETag: etag2 },
        ]),
      ),
    ).toEqual({
      name: 'InvalidPart',
      status: 400,
    });
    expect(
      await errorOf(
        complete([
          { PartNumber: 1, ETag: etag1 },
          { PartNumber: 2, ETag: '"0123456789abcdef0123456789abcdef"' },
        ]),
      ),
    ).toEqual({ name: 'InvalidPart', status: 400 });
    expect(
      await errorOf(
        complete([
          { PartNumber: 2, ETag: etag2 },
          { PartNumber: 1, ETag: etag1 },
        ]),
      ),
    ).toEqual({
      name: 'InvalidPartOrder',
      status: 400,
    });

    // A small part that is not the last is too small.
    const Small = `${Key}-small`;
    const small = await s3('intake').send(new CreateMultipartUploadCommand({ Bucket, Key: Small }));
    const smallParts = await Promise.all(
      [1, 2].map(async (PartNumber) => ({
        PartNumber,
        ETag: (
          await s3('intake').send(
            new UploadPartCommand({ Bucket, Key: Small, UploadId: small.UploadId, PartNumber, Body: 'tiny' }),
          )
        ).ETag as string,
      })),
    );
    expect(
      await errorOf(
        s3('intake').send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: Small,
            UploadId: small.UploadId,
            MultipartUpload: { Parts: smallParts },
          }),
        ),
      ),
    ).toEqual({ name: 'EntityTooSmall', status: 400 });

    // Refusals keep the upload: the right list still completes it, with the bytes in order.
    await complete([
      { PartNumber: 1, ETag: etag1 },
      { PartNumber: 2, ETag: etag2 },
    ]);
    const object = await s3('intake').send(new GetObjectCommand({ Bucket, Key }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    expect(bytes.length).toBe(first.length + 'the last part may be small'.length);
    expect(bytes.subarray(first.length).toString()).toBe('the last part may be small');
  });

  it('refuses a part sent to an aborted upload and writes nothing', async () => {
    const { patientToken } = await local.openCase({ cancerType: 'liver' });
    const before = await openUploadFolders();
    const started = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'imaging',
      fileName: 'study.dcm',
      contentType: 'application/dicom',
      size: 120 * MIB,
    });
    const { uploadId, parts } = started.body as {
      uploadId: string;
      parts: { partNumber: number; url: string; size: number }[];
    };
    expect((await openUploadFolders()).length).toBe(before.length + 1);
    expect((await local.api.call('DELETE', `/patient/uploads/${uploadId}`, patientToken)).status).toBe(200);
    expect(await openUploadFolders()).toEqual(before);

    const part = parts[0]!;
    const response = await fetch(part.url, {
      method: 'PUT',
      headers: { 'Content-Length': String(part.size) },
      body: Buffer.alloc(part.size),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<Code>NoSuchUpload</Code>');
    expect(await openUploadFolders()).toEqual(before);
  });

  it('refuses parts and completions for an upload id it never issued, and checks signatures first', async () => {
    const Key = `unknown/${Date.now()}`;
    const UploadId = 'abcdef0123456789abcdef0123456789';
    expect(
      await errorOf(
        s3('intake').send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'x' })),
      ),
    ).toEqual({ name: 'NoSuchUpload', status: 404 });
    expect(
      await errorOf(
        s3('intake').send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId,
            MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0123456789abcdef0123456789abcdef"' }] },
          }),
        ),
      ),
    ).toEqual({ name: 'NoSuchUpload', status: 404 });
    // An upload opened for another key is no upload of this one.
    const other = await s3('intake').send(new CreateMultipartUploadCommand({ Bucket, Key: `${Key}-other` }));
    expect(
      await errorOf(
        s3('intake').send(
          new UploadPartCommand({ Bucket, Key, UploadId: other.UploadId, PartNumber: 1, Body: 'x' }),
        ),
      ),
    ).toEqual({ name: 'NoSuchUpload', status: 404 });
    await s3('intake').send(
      new AbortMultipartUploadCommand({ Bucket, Key: `${Key}-other`, UploadId: other.UploadId }),
    );
    // Unsigned: refused before anything is looked up.
    const unsigned = await fetch(
      `${local.backend.endpoints.s3Endpoint}/${Bucket}/${Key}?partNumber=1&uploadId=${UploadId}`,
      { method: 'PUT', body: 'x' },
    );
    expect(unsigned.status).toBe(403);
  });
});

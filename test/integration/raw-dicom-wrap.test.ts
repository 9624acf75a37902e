import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClients } from '../../functions/adapters/aws-clients';
import { buckets } from '../../functions/contract';
import { env } from '../../functions/contract/env';
import type { DocumentRecord } from '../../functions/core/case/record';
import { readDicomHeader } from '../../functions/core/dicom';
import { dataSetOffset, part10Prefix } from '../../functions/core/dicom-part10';
import { objectKeys } from '../../functions/core/object-keys';
import { wrapRawDataSet } from '../../functions/services/raw-dicom-wrap';
import { largeDicom } from '../../scripts/fixtures';
import { type LocalS3, startS3 } from '../../scripts/local/s3';

/**
 * A data set without the Part 10 preamble is copied, through the real S3 client and the local S3
 * emulator (signatures checked, versions kept), into a Part 10 file beside it in quarantine:
 * prefix then the original's bytes, streamed, hashed as written.
 */
let dataDir = '';
let server: LocalS3;
let client: S3Client;
const intake = buckets.intake.localName;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oso-raw-wrap-'));
  server = await startS3(dataDir, '127.0.0.1', () => {});
  for (const bucket of Object.values(buckets)) process.env[bucket.envVar] = bucket.localName;
  process.env.AWS_ENDPOINT_URL_S3 = server.endpoint;
  process.env[env.s3ForcePathStyle] = 'true';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  resetClients();
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
  resetClients();
  delete process.env.AWS_ENDPOINT_URL_S3;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const metaEnd = (file: Uint8Array) => 144 + Buffer.from(file).readUInt32LE(140);

async function upload(documentId: string, bytes: Uint8Array) {
  const document = {
    caseId: 'c_wrap0001',
    documentId,
    intakeKey: objectKeys.intakeDocument('c_wrap0001', documentId),
  } as DocumentRecord;
  const put = await client.send(
    new PutObjectCommand({
      Bucket: intake,
      Key: document.intakeKey,
      Body: bytes,
      ContentType: 'application/dicom',
    }),
  );
  return { document, versionId: put.VersionId };
}

async function download(key: string, versionId?: string) {
  const got = await client.send(new GetObjectCommand({ Bucket: intake, Key: key, VersionId: versionId }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

describe('wrapRawDataSet', () => {
  it.each([
    [
      'a real implicit VR data set (fo-dicom CR-MONO1-10-chest)',
      async () =>
        new Uint8Array(
          await readFile(join(import.meta.dirname, '../fixtures/dicom-corpus/fo-dicom/CR-MONO1-10-chest')),
        ),
    ],
    [
      'a 12 MB explicit VR data set, streamed in many chunks',
      async () => {
        const file = largeDicom(12 * 1024 * 1024);
        return file.subarray(metaEnd(file));
      },
    ],
    [
      'a preamble without meta group (its first 132 bytes are replaced)',
      async () => {
        const file = largeDicom(300 * 1024);
        return Buffer.concat([file.subarray(0, 132), file.subarray(metaEnd(file))]);
      },
    ],
  ])('writes prefix + data set beside the original, for %s', async (_, source) => {
    const original = await source();
    const summary = readDicomHeader(original, original.length);
    const id = `d_${createHash('sha1').update(original).digest('hex').slice(0, 12)}`;
    const { document, versionId } = await upload(id, original);

    const wrapped = await wrapRawDataSet(document, versionId, summary);

    expect(wrapped.intakeKey).toBe(objectKeys.intakeWrapped('c_wrap0001', id));
    const expected = Buffer.concat([part10Prefix(summary), original.subarray(dataSetOffset(summary))]);
    const stored = await download(wrapped.intakeKey, wrapped.versionId);
    expect(stored.equals(expected)).toBe(true);
    expect(wrapped.size).toBe(expected.length);
    expect(wrapped.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(wrapped.versionId).toEqual(expect.any(String));
    // The copy is a Part 10 file with the original's identifiers; the original is untouched.
    expect(readDicomHeader(stored, stored.length)).toMatchObject({
      sopInstanceUid: summary.sopInstanceUid,
      studyInstanceUid: summary.studyInstanceUid,
      seriesInstanceUid: summary.seriesInstanceUid,
    });
    expect(readDicomHeader(stored, stored.length)).not.toHaveProperty('encoding');
    expect((await download(document.intakeKey, versionId)).equals(Buffer.from(original))).toBe(true);
  });

  it('copies the version it names, not what was written to the key since', async () => {
    const file = largeDicom(64 * 1024);
    const first = file.subarray(metaEnd(file));
    const { document, versionId } = await upload('d_versioned01', first);
    const later = Buffer.from(first);
    later[later.length - 1] = (later[later.length - 1]! + 1) % 256;
    await upload('d_versioned01', later);
    const summary = readDicomHeader(first, first.length);
    const wrapped = await wrapRawDataSet(document, versionId, summary);
    const stored = await download(wrapped.intakeKey, wrapped.versionId);
    expect(stored.subarray(part10Prefix(summary).length).equals(Buffer.from(first))).toBe(true);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetClients } from '../../functions/adapters/aws-clients';
import { createCase, getDocument, putDocument } from '../../functions/adapters/case-store';
import { buckets, env, tables } from '../../functions/contract';
import type { CaseRecord, DocumentRecord } from '../../functions/core/case/record';
import { newId } from '../../functions/core/ids';
import { handler as scanResultProcessor } from '../../functions/events/scan-result-processor';
import { handler as uploadProcessor } from '../../functions/events/upload-processor';
import { makePdf } from '../../scripts/fixtures';
import { ensureTables, type LocalDynamo, startDynamo } from '../../scripts/local/dynamodb';
import { type LocalSes, receivedMail, startSes } from '../../scripts/local/ses';

/**
 * The scan-result processor with GuardDuty Malware Protection for S3's "Object Scan Result"
 * events, whose s3ObjectDetails name the object version scanned. The case store is real
 * (dynalite, so every condition is DynamoDB's); S3 is a client mock holding two versions of
 * one intake key, so each read and the copy can be seen to name the pinned version.
 */
const s3 = mockClient(S3Client);
let dataDir: string;
let dynamo: LocalDynamo;
let ses: LocalSes;

const files = { v1: makePdf(['Grade 2.']), v2: makePdf(['Grade 3.']) } as Record<string, Buffer>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oso-scan-versions-'));
  dynamo = await startDynamo(join(dataDir, 'dynamodb'), '127.0.0.1');
  ses = await startSes(join(dataDir, 'mail'), '127.0.0.1');
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    [env.malwareScan]: 'guardduty',
    [env.senderEmail]: 'no-reply@local.example',
    [env.coordinatorEmail]: 'coordinator@local.example',
  });
  for (const table of Object.values(tables)) process.env[table.envVar] = table.id;
  for (const bucket of Object.values(buckets)) process.env[bucket.envVar] = bucket.localName;
  resetClients();
  await ensureTables(new DynamoDBClient({ endpoint: dynamo.endpoint }));
});
afterAll(async () => {
  s3.restore();
  await dynamo?.stop();
  await ses?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  s3.reset();
  // The key's latest version is v2 (the link was used again); v1 was written first.
  const bytesOf = (versionId?: string) => files[versionId ?? 'v2']!;
  s3.on(HeadObjectCommand).callsFake((input: { VersionId?: string }) => ({
    ContentLength: bytesOf(input.VersionId).length,
    VersionId: input.VersionId ?? 'v2',
  }));
  s3.on(GetObjectCommand).callsFake((input: { VersionId?: string; Range?: string }) => {
    let bytes = bytesOf(input.VersionId);
    const range = /^bytes=(\d+)-(\d+)$/.exec(input.Range ?? '');
    if (range) bytes = bytes.subarray(Number(range[1]), Number(range[2]) + 1);
    return { Body: Object.assign(Readable.from([bytes]), { transformToByteArray: async () => bytes }) };
  });
  s3.on(CopyObjectCommand).resolves({ VersionId: 'records-1' });
});

async function newUpload(): Promise<{ caseId: string; documentId: string; key: string }> {
  const caseId = newId('case');
  const documentId = newId('doc');
  const now = new Date().toISOString();
  const record: CaseRecord = {
    caseId,
    version: 1,
    status: 'collecting',
    cancerType: 'breast',
    patient: {
      fullName: 'Test Patient',
      email: 'patient@example.org',
      dateOfBirth: '1971-02-03',
      country: 'Kenya',
      language: 'en',
    },
    question: 'Is my plan right?',
    expedited: false,
    createdAt: now,
    updatedAt: now,
    submission: 0,
    callbacks: {},
  };
  await createCase(record);
  const key = `cases/${caseId}/documents/${documentId}`;
  const document: DocumentRecord = {
    caseId,
    documentId,
    itemId: 'tumor-markers',
    fileName: 'markers.pdf',
    contentType: 'application/pdf',
    declaredSize: files.v1!.length,
    status: 'uploading',
    intakeKey: key,
    createdAt: now,
    updatedAt: now,
  };
  await putDocument(document);
  return { caseId, documentId, key };
}

const objectCreated = (key: string, versionId: string) =>
  uploadProcessor({
    version: '0',
    id: `created-${versionId}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {
      bucket: { name: buckets.intake.localName },
      object: { key, size: files[versionId]!.length, etag: `etag-${versionId}`, 'version-id': versionId },
    },
  });

/** GuardDuty's event as EventBridge delivers it (the fields GuardDuty documents). */
const verdict = (key: string, versionId: string, status: 'NO_THREATS_FOUND' | 'THREATS_FOUND') =>
  scanResultProcessor({
    version: '0',
    id: `scan-${versionId}-${status}`,
    'detail-type': 'GuardDuty Malware Protection Object Scan Result',
    source: 'aws.guardduty',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {
      scanStatus: 'COMPLETED',
      s3ObjectDetails: {
        bucketName: buckets.intake.localName,
        objectKey: key,
        eTag: `etag-${versionId}`,
        versionId,
        s3Throttled: false,
      } as never,
      scanResultDetails: {
        scanResultStatus: status,
        threats: status === 'THREATS_FOUND' ? [{ name: 'EICAR-Test-File' }] : null,
      },
    },
  });

const copies = () => s3.commandCalls(CopyObjectCommand).map((call) => call.args[0].input.CopySource);
const readVersions = () =>
  [...s3.commandCalls(GetObjectCommand), ...s3.commandCalls(HeadObjectCommand)].map(
    (call) => call.args[0].input.VersionId,
  );
const mails = async () => (await receivedMail(ses.endpoint)).map((mail) => mail.messageId);

describe('malware verdicts are about one version', () => {
  it('applies the verdict for the pinned version, after validation; every read and the copy name it', async () => {
    const { caseId, documentId, key } = await newUpload();
    await objectCreated(key, 'v1');
    expect(await getDocument(caseId, documentId)).toMatchObject({
      status: 'validating',
      versionId: 'v1',
      etag: 'etag-v1',
    });
    await verdict(key, 'v1', 'NO_THREATS_FOUND');
    expect(await getDocument(caseId, documentId)).toMatchObject({
      status: 'accepted',
      scan: { result: 'NO_THREATS_FOUND', versionId: 'v1' },
    });
    expect(readVersions().length).toBeGreaterThan(0);
    expect(new Set(readVersions())).toEqual(new Set(['v1']));
    expect(copies()).toEqual([`${buckets.intake.localName}/${key}?versionId=v1`]);
  });

  it('never applies a verdict for another version of the key', async () => {
    const { caseId, documentId, key } = await newUpload();
    await objectCreated(key, 'v1');
    const before = await mails();
    // A threat found in the second file sent with the link: not this document's verdict.
    await verdict(key, 'v2', 'THREATS_FOUND');
    expect(await getDocument(caseId, documentId)).toMatchObject({ status: 'validating' });
    expect((await getDocument(caseId, documentId))?.scan).toBeUndefined();
    // And a clean verdict for the second file does not promote the first either.
    await verdict(key, 'v2', 'NO_THREATS_FOUND');
    expect((await getDocument(caseId, documentId))?.status).toBe('validating');
    expect(copies()).toEqual([]);
    expect(await mails()).toEqual(before);
    await verdict(key, 'v1', 'NO_THREATS_FOUND');
    expect((await getDocument(caseId, documentId))?.status).toBe('accepted');
    expect(copies()).toEqual([`${buckets.intake.localName}/${key}?versionId=v1`]);
  });

  it('keeps verdicts that arrive before validation, and applies only the pinned version’s', async () => {
    const { caseId, documentId, key } = await newUpload();
    await verdict(key, 'v2', 'THREATS_FOUND');
    await verdict(key, 'v1', 'NO_THREATS_FOUND');
    expect(await getDocument(caseId, documentId)).toMatchObject({ status: 'uploading' });
    await objectCreated(key, 'v1');
    expect(await getDocument(caseId, documentId)).toMatchObject({
      status: 'accepted',
      versionId: 'v1',
      scan: { result: 'NO_THREATS_FOUND', versionId: 'v1' },
    });
    expect(copies()).toEqual([`${buckets.intake.localName}/${key}?versionId=v1`]);
    // The second version's event arrives last: refused, the document unchanged.
    await objectCreated(key, 'v2');
    const document = await getDocument(caseId, documentId);
    expect(document).toMatchObject({ status: 'accepted', versionId: 'v1' });
    expect(document?.refusedVersions?.v2).toMatchObject({ reason: 'The upload link was used twice.' });
    expect(copies()).toHaveLength(1);
  });

  it('waits when the only verdict that arrived early is about another version', async () => {
    const { caseId, documentId, key } = await newUpload();
    await verdict(key, 'v2', 'NO_THREATS_FOUND');
    await objectCreated(key, 'v1');
    expect(await getDocument(caseId, documentId)).toMatchObject({ status: 'validating', versionId: 'v1' });
    expect(copies()).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/aws-clients';
import { getDocument } from '../../functions/adapters/case-store';
import { buckets } from '../../functions/contract';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { putPresigned, waitFor } from '../../scripts/api-client';
import { makeDicom, makePdf, sampleTreatmentHistory } from '../../scripts/fixtures';
import { projectRoot } from '../../scripts/local/backend';
import { invoke } from '../../scripts/local/lambda-runtime';
import { useLocalBackend } from './harness';

/**
 * One checked version: a presigned PUT can be used again until it expires and the intake
 * bucket keeps versions, so a second file sent to the same link must never inherit the first
 * one's checks, hash, malware verdict or copy. Against the local emulator, which keeps versions
 * as S3 does, with GuardDuty's scan-result events (which name the version) delivered to the
 * same handler EventBridge invokes.
 */
// The backend of the describe block running: the malware gate is chosen per backend start, so the
// tests with GuardDuty's gate have their own. The helpers below act on whichever runs.
let local: ReturnType<typeof useLocalBackend>;
const coordinator = () => local.backend.endpoints.coordinatorToken;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// Two valid pathology reports of the same length: the signed Content-Length admits both.
const first = makePdf(['Adenocarcinoma, grade 2, pT1N0M0.']);
const second = makePdf(['Adenocarcinoma, grade 3, pT3N2M1.']);

type Issued = { documentId: string; url: string; headers: Record<string, string> };

async function issueLink(patientToken: string, bytes: Buffer, fileName = 'pathology.pdf'): Promise<Issued> {
  const issued = await local.api.call('POST', '/patient/uploads', patientToken, {
    itemId: 'pathology-report',
    fileName,
    contentType: 'application/pdf',
    size: bytes.length,
  });
  expect(issued.status).toBe(201);
  return issued.body as Issued;
}

async function put(link: Issued, bytes: Buffer): Promise<string> {
  const response = await putPresigned(link, bytes);
  expect(response.status).toBe(200);
  const versionId = response.headers.get('x-amz-version-id');
  expect(versionId).toBeTruthy();
  return versionId!;
}

const intakeKey = (caseId: string, documentId: string) => `cases/${caseId}/documents/${documentId}`;

async function recordsBytes(caseId: string, documentId: string) {
  const object = await s3('records').send(
    new GetObjectCommand({ Bucket: buckets.records.localName, Key: intakeKey(caseId, documentId) }),
  );
  return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
}

async function versionsIn(bucket: 'intake' | 'records', caseId: string, documentId: string) {
  const listed = await s3(bucket).send(
    new ListObjectVersionsCommand({
      Bucket: buckets[bucket].localName,
      Prefix: intakeKey(caseId, documentId),
    }),
  );
  return (listed.Versions ?? []).map((version) => version.VersionId);
}

async function timelineTypes(caseId: string) {
  const view = await local.api.call('GET', `/cases/${caseId}`, coordinator());
  return (view.body.timeline as { type: string }[]).map((event) => event.type);
}

/** The document kept the first file: records bytes, its SHA-256 and the refusal of the second. */
async function expectFirstKept(
  caseId: string,
  documentId: string,
  firstVersion: string,
  secondVersion: string,
) {
  const document = await getDocument(caseId, documentId);
  expect(document).toMatchObject({ status: 'accepted', versionId: firstVersion, sha256: sha256(first) });
  const copied = await recordsBytes(caseId, documentId);
  expect(copied.equals(first)).toBe(true);
  expect(sha256(copied)).toBe(document?.sha256);
  expect(await versionsIn('records', caseId, documentId)).toHaveLength(1);
  expect(document?.refusedVersions?.[secondVersion]).toMatchObject({
    reason: 'The upload link was used twice.',
  });
  expect(document?.refusedVersions?.[firstVersion]).toBeUndefined();
  // The second file stays in quarantine, beside the first.
  expect(await versionsIn('intake', caseId, documentId)).toEqual([secondVersion, firstVersion]);
  expect((await timelineTypes(caseId)).filter((type) => type === 'document-version-refused')).toHaveLength(1);
  const told = (await local.mail(caseId)).filter((mail) => mail.key === `upload-link-reused-${documentId}`);
  expect(told).toHaveLength(1);
  expect(told[0]?.text).not.toMatch(/grade|adenocarcinoma/i);
}

describe('one checked version per document', () => {
  const plain = useLocalBackend('version-pinning');
  beforeAll(() => {
    local = plain;
  });

  it('a second PUT to the same link after the first was accepted is refused; the hospital gets the first file', async () => {
    expect(second.length).toBe(first.length);
    const { caseId, patientToken } = await local.openCase();
    const hospital = local.backend.endpoints.hospitals[0]!;
    const link = await issueLink(patientToken, first);
    const firstVersion = await put(link, first);
    await local.backend.idle();
    expect((await getDocument(caseId, link.documentId))?.status).toBe('accepted');

    const secondVersion = await put(link, second);
    await local.backend.idle();
    await expectFirstKept(caseId, link.documentId, firstVersion, secondVersion);

    // Replayed events, in either order, change nothing and tell nobody again.
    const events = local.backend.uploadEvents.filter((event) =>
      event.detail.object.key.endsWith(link.documentId),
    );
    expect(events.map((event) => event.detail.object['version-id'])).toEqual([firstVersion, secondVersion]);
    for (const event of [events[1]!, events[0]!, events[1]!]) await local.backend.deliverUploadEvent(event);
    await expectFirstKept(caseId, link.documentId, firstVersion, secondVersion);

    // The package the hospital pulls holds the first file, with its checksum in the manifest.
    await local.upload(patientToken, 'imaging', 'ct.dcm', 'application/dicom', makeDicom());
    await local.backend.idle();
    await local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
    await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'Test Patient',
    });
    const submitted = await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), {
      hospitalId: hospital.hospitalId,
    });
    expect(submitted.status).toBe(202);
    await waitFor('delivery', async () => {
      const cases = (await local.api.call('GET', '/relay/cases', hospital.token)).body.cases as
        | { caseId: string }[]
        | undefined;
      return cases?.some((entry) => entry.caseId === caseId) ? true : undefined;
    });
    const pkg = (await local.api.call('GET', `/relay/cases/${caseId}/package`, hospital.token)).body as {
      files: { fileName: string; sha256: string; url: string }[];
    };
    const pathology = pkg.files.find((file) => file.fileName === 'pathology.pdf');
    expect(pathology?.sha256).toBe(sha256(first));
    const pulled = Buffer.from(await (await fetch(pathology!.url)).arrayBuffer());
    expect(pulled.equals(first)).toBe(true);
    const manifestFile = pkg.files.find((file) => file.fileName === 'manifest.json');
    const manifest = JSON.stringify(await (await fetch(manifestFile!.url)).json());
    expect(manifest).toContain(sha256(first));
    expect(manifest).not.toContain(sha256(second));
  }, 60_000);
});

describe('one checked version per document, with the malware scan (MALWARE_SCAN=guardduty)', () => {
  const scanned = useLocalBackend('version-pinning-scan', { malwareScan: 'guardduty' });
  beforeAll(() => {
    local = scanned;
  });

  it('a second PUT before the first was decided is refused; the first is validated, scanned and copied', async () => {
    const { caseId, patientToken } = await local.openCase();
    const link = await issueLink(patientToken, first);
    const firstVersion = await put(link, first);
    await local.backend.idle();
    expect(await getDocument(caseId, link.documentId)).toMatchObject({
      status: 'validating',
      versionId: firstVersion,
      validated: { sha256: sha256(first) },
    });
    // The link used again while the first file waits for its verdict.
    const secondVersion = await put(link, second);
    await local.backend.idle();
    expect(await getDocument(caseId, link.documentId)).toMatchObject({
      status: 'validating',
      versionId: firstVersion,
      validated: { sha256: sha256(first) },
    });
    // The second version's clean verdict is about other bytes: not applied.
    await scanResult(caseId, link.documentId, 'NO_THREATS_FOUND', secondVersion);
    expect((await getDocument(caseId, link.documentId))?.status).toBe('validating');
    // The first version's verdict decides.
    await scanResult(caseId, link.documentId, 'NO_THREATS_FOUND', firstVersion);
    await expectFirstKept(caseId, link.documentId, firstVersion, secondVersion);
  });

  it('two PUTs at once: the version pinned first is checked, scanned and copied; a threat in the other changes nothing', async () => {
    const { caseId, patientToken } = await local.openCase();
    const link = await issueLink(patientToken, first);
    // Both files land at once: their events race to the document.
    const firstVersion = await put(link, first);
    const secondVersion = await put(link, second);
    await local.backend.idle();
    const document = await getDocument(caseId, link.documentId);
    // Whichever event was handled first pinned its version; the other was refused.
    const pinned = document?.versionId;
    const other = pinned === firstVersion ? secondVersion : firstVersion;
    expect([firstVersion, secondVersion]).toContain(pinned);
    expect(document?.refusedVersions?.[other]).toBeDefined();
    const pinnedBytes = pinned === firstVersion ? first : second;
    expect(document?.validated?.sha256).toBe(sha256(pinnedBytes));
    // A threat in the refused version does not touch this document; the pinned one's clean verdict promotes it.
    await scanResult(caseId, link.documentId, 'THREATS_FOUND', other, ['EICAR-Test-File']);
    expect((await getDocument(caseId, link.documentId))?.status).toBe('validating');
    await scanResult(caseId, link.documentId, 'NO_THREATS_FOUND', pinned!);
    const accepted = await getDocument(caseId, link.documentId);
    expect(accepted).toMatchObject({ status: 'accepted', sha256: sha256(pinnedBytes) });
    expect((await recordsBytes(caseId, link.documentId)).equals(pinnedBytes)).toBe(true);
  });
});

function scanResult(
  caseId: string,
  documentId: string,
  status: string,
  versionId: string,
  threats: string[] = [],
) {
  return invoke(projectRoot, 'scanResultProcessor', {
    version: '0',
    id: `scan-${versionId}`,
    'detail-type': 'GuardDuty Malware Protection Object Scan Result',
    source: 'aws.guardduty',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {
      schemaVersion: '1.0',
      scanStatus: 'COMPLETED',
      resourceType: 'S3_OBJECT',
      s3ObjectDetails: {
        bucketName: buckets.intake.localName,
        objectKey: intakeKey(caseId, documentId),
        eTag: 'etag',
        versionId,
        s3Throttled: false,
      },
      scanResultDetails: { scanResultStatus: status, threats: threats.map((name) => ({ name })) },
    },
  });
}

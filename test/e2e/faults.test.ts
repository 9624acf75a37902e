import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/aws-clients';
import { releaseClaim } from '../../functions/adapters/case-store';
import { type BucketName, buckets, env } from '../../functions/contract';
import { putPresigned, waitFor } from '../../scripts/api-client';
import { makeDicom, makePdf, sampleTreatmentHistory } from '../../scripts/fixtures';
import { projectRoot } from '../../scripts/local/backend';
import { invoke } from '../../scripts/local/lambda-runtime';
import type { S3FaultRule } from '../../scripts/local/s3';
import { useLocalBackend } from './harness';

/**
 * Faults injected into the real local services: S3 answering 500 or SlowDown, EventBridge
 * delivering an event twice or late, two writers on one case, a workflow step dying halfway, a
 * hospital that never confirms. After each: no record lost, nothing twice, and a case a
 * coordinator can see and act on.
 */
let rule: S3FaultRule | undefined;
const injected: string[] = [];
/** Fails the first `times` requests that `matches`, with `code`; counts what it injected. */
function failFirst(
  times: number,
  code: 'SlowDown' | 'InternalError',
  matches: Parameters<S3FaultRule>[0] extends infer R ? (request: R) => boolean : never,
) {
  let left = times;
  rule = (request) => {
    if (left > 0 && matches(request)) {
      left -= 1;
      injected.push(`${code} ${request.method} ${request.bucket}`);
      return code;
    }
    return undefined;
  };
}

const START = '2026-11-02T10:00:00+08:00';
const local = useLocalBackend('faults', {
  clock: { start: new Date(START), speed: 0 },
  faults: { s3: (request) => rule?.(request) },
});
const coordinator = () => local.backend.endpoints.coordinatorToken;

async function caseView(caseId: string) {
  return (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body;
}
const documentsOf = (view: Record<string, unknown>) =>
  (view.checklist as { documents: { documentId: string; status: string }[] }[]).flatMap(
    (item) => item.documents,
  );

async function versionsOf(bucket: BucketName, prefix: string) {
  const listed = await s3(bucket).send(
    new ListObjectVersionsCommand({ Bucket: buckets[bucket].localName, Prefix: prefix }),
  );
  return (listed.Versions ?? []).map((version) => version.Key ?? '');
}

/** The case's only document is accepted, held once in records, and accepted once in the timeline. */
async function expectAcceptedOnce(caseId: string, documentId: string) {
  const view = await caseView(caseId);
  expect(documentsOf(view)).toEqual([expect.objectContaining({ documentId, status: 'accepted' })]);
  expect(await versionsOf('records', `cases/${caseId}/documents/${documentId}`)).toHaveLength(1);
  expect(view.timeline.filter((event: { type: string }) => event.type === 'document-accepted')).toHaveLength(
    1,
  );
}

const isCopyInto = (bucket: BucketName) => (request: Parameters<S3FaultRule>[0]) =>
  request.method === 'PUT' &&
  request.bucket === buckets[bucket].localName &&
  'x-amz-copy-source' in request.headers;

describe('faults: nothing lost, nothing twice', () => {
  it('S3 500s on the validator’s ranged reads and SlowDown on the copy to records: retried, accepted once', async () => {
    const { caseId, patientToken } = await local.openCase();
    injected.length = 0;
    let reads = 2;
    let copies = 2;
    rule = (request) => {
      if (
        reads > 0 &&
        request.method === 'GET' &&
        request.bucket === 'intake' &&
        'range' in request.headers
      ) {
        reads -= 1;
        injected.push('InternalError ranged GET');
        return 'InternalError';
      }
      if (copies > 0 && isCopyInto('records')(request)) {
        copies -= 1;
        injected.push('SlowDown copy');
        return 'SlowDown';
      }
      return undefined;
    };
    const documentId = await local.upload(
      patientToken,
      'pathology-report',
      'report.pdf',
      'application/pdf',
      makePdf(['Grade 2.']),
    );
    await local.backend.idle();
    rule = undefined;
    expect(injected).toEqual([
      'InternalError ranged GET',
      'InternalError ranged GET',
      'SlowDown copy',
      'SlowDown copy',
    ]);
    await expectAcceptedOnce(caseId, documentId);
  });

  it('a copy that fails past the SDK’s retries fails the invocation; EventBridge’s retry accepts it, once', async () => {
    const { caseId, patientToken } = await local.openCase();
    injected.length = 0;
    // Three attempts in the first invocation and one in the second fail; the fifth succeeds.
    failFirst(4, 'SlowDown', isCopyInto('records'));
    const documentId = await local.upload(
      patientToken,
      'imaging',
      'ct.dcm',
      'application/dicom',
      makeDicom(),
    );
    await local.backend.idle();
    rule = undefined;
    expect(injected).toHaveLength(4);
    await expectAcceptedOnce(caseId, documentId);
  });

  it('the same object-created event twice, an old one late, and one for a cancelled upload change nothing', async () => {
    const { caseId, patientToken } = await local.openCase();
    const first = await local.upload(
      patientToken,
      'pathology-report',
      'a.pdf',
      'application/pdf',
      makePdf(['A.']),
    );
    const second = await local.upload(
      patientToken,
      'tumor-markers',
      'b.pdf',
      'application/pdf',
      makePdf(['B.']),
    );
    await local.backend.idle();
    const eventOf = (documentId: string) => {
      const event = local.backend.uploadEvents.find((candidate) =>
        candidate.detail.object.key.includes(documentId),
      );
      if (!event) throw new Error(`no event for ${documentId}`);
      return event;
    };
    // A duplicate of the second, then the first's arriving after it: both documents already accepted.
    await local.backend.deliverUploadEvent(eventOf(second));
    await local.backend.deliverUploadEvent(eventOf(first));
    await local.backend.deliverUploadEvent(eventOf(first));

    // An upload cancelled before its bytes arrive: the late event must not accept it.
    const issued = await local.api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'imaging',
      fileName: 'late.dcm',
      contentType: 'application/dicom',
      size: makeDicom().length,
    });
    expect(
      (await local.api.call('DELETE', `/patient/uploads/${issued.body.documentId}`, patientToken)).status,
    ).toBe(200);
    expect(
      (await putPresigned(issued.body as { url: string; headers: Record<string, string> }, makeDicom()))
        .status,
    ).toBe(200);
    await local.backend.idle();

    const view = await caseView(caseId);
    const documents = documentsOf(view);
    expect(documents.map((doc) => [doc.documentId, doc.status]).sort()).toEqual(
      [
        [first, 'accepted'],
        [second, 'accepted'],
        [issued.body.documentId, 'cancelled'],
      ].sort(),
    );
    expect(
      view.timeline.filter((event: { type: string }) => event.type === 'document-accepted'),
    ).toHaveLength(2);
    for (const documentId of [first, second]) {
      expect(await versionsOf('records', `cases/${caseId}/documents/${documentId}`)).toHaveLength(1);
    }
    expect(await versionsOf('records', `cases/${caseId}/documents/${issued.body.documentId}`)).toEqual([]);
  });

  it('two writers on one case at once: both land, each exactly once', async () => {
    const { caseId, patientToken } = await local.openCase();
    const before = await caseView(caseId);
    // Patient and coordinator write at the same moment, round after round.
    for (let round = 0; round < 10; round += 1) {
      const [history, diagnosis] = await Promise.all([
        local.api.call('PUT', '/patient/treatment-history', patientToken, {
          ...sampleTreatmentHistory(),
          latestImagingDate: `2026-10-${String(round + 10)}`,
        }),
        local.api.call('PUT', `/cases/${caseId}/diagnosis`, coordinator(), {
          stage: `pT${(round % 4) + 1}N0M0`,
          markers: [],
        }),
      ]);
      expect([history.status, diagnosis.status]).toEqual([200, 200]);
    }
    const after = await caseView(caseId);
    expect(after.timeline.length - before.timeline.length).toBe(20);
    expect(after.treatmentHistory.latestImagingDate).toBe('2026-10-19');
    expect(after.diagnosis.stage).toBe('pT2N0M0');
  });

  it('twenty writers on one case at once: each write lands whole or is refused whole with 409 concurrent_update', async () => {
    const { caseId, patientToken } = await local.openCase();
    const before = await caseView(caseId);
    const writes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        index % 2 === 0
          ? local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory())
          : local.api.call('PUT', `/cases/${caseId}/diagnosis`, coordinator(), {
              stage: 'pT2N0M0',
              markers: [],
            }),
      ),
    );
    for (const write of writes) {
      if (write.status !== 200) {
        expect(write.status).toBe(409);
        expect(write.body.error.code).toBe('concurrent_update');
      }
    }
    const landed = writes.filter((write) => write.status === 200).length;
    expect(landed).toBeGreaterThan(0);
    // What was answered 200 is in the case and its timeline; what was refused left no trace.
    const after = await caseView(caseId);
    expect(after.timeline.length - before.timeline.length).toBe(landed);
  });

  it('a workflow step dying halfway (the third relay copy failing every attempt) is retried to one clean delivery', async () => {
    injected.length = 0;
    let copiesSeen = 0;
    rule = (request) => {
      if (!isCopyInto('relay')(request)) return undefined;
      copiesSeen += 1;
      // The first invocation copies two files, then the third copy fails all three SDK attempts.
      if (copiesSeen >= 3 && copiesSeen <= 5) {
        injected.push('InternalError relay copy');
        return 'InternalError';
      }
      return undefined;
    };
    const delivered = await local.deliveredCase();
    rule = undefined;
    expect(injected).toHaveLength(3);
    const { caseId, hospital } = delivered;
    const view = await caseView(caseId);
    expect(view.status).toBe('awaiting-receipt');
    const pkg = (await local.api.call('GET', `/relay/cases/${caseId}/package`, hospital.token)).body;
    const keys = await versionsOf('relay', `hospitals/${hospital.hospitalId}/cases/${caseId}/`);
    // Every file once in the package and once in the relay (the retry copied over the first two).
    expect(new Set(keys).size).toBe(pkg.files.length);
    expect(view.timeline.filter((event: { type: string }) => event.type === 'delivered')).toHaveLength(1);
    expect(
      (await local.mail(caseId)).filter((mail) => mail.key.startsWith('hospital-delivered')),
    ).toHaveLength(1);
    for (const file of pkg.files as { url: string; sha256: string }[]) {
      const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    }
  }, 60_000);

  it('a hospital that never confirms receipt: escalations each timeout, the case stays visible, a late receipt still works', async () => {
    local.backend.clock.set(new Date(START));
    const { caseId, hospital } = await local.deliveredCase();
    const escalations = async () =>
      (await local.mail(caseId)).filter((mail) => mail.key.startsWith('escalation-receipt-'));
    // The relay lists the case a few steps before the receipt wait starts its timer: move the
    // clock only once the workflow is in that wait.
    await waitFor('the receipt wait', async () =>
      (await local.entered(caseId, 'WaitForReceipt')) > 0 ? true : undefined,
    );
    // The receipt wait is three days; the business clock moves past it twice.
    local.backend.clock.advance(3 * 24 * 3600_000 + 1000);
    await waitFor('the first escalation', async () => ((await escalations()).length >= 2 ? true : undefined));
    local.backend.clock.advance(3 * 24 * 3600_000 + 1000);
    await waitFor('the second escalation', async () =>
      (await escalations()).length >= 4 ? true : undefined,
    );
    const mails = await escalations();
    // The coordinator and the hospital, once per timeout.
    expect(mails.filter((mail) => mail.to === process.env[env.coordinatorEmail])).toHaveLength(2);
    expect(mails.filter((mail) => mail.key.endsWith('-hospital'))).toHaveLength(2);
    const view = await caseView(caseId);
    expect(view.status).toBe('awaiting-receipt');
    expect(view.timeline.filter((event: { type: string }) => event.type === 'escalated')).toHaveLength(2);
    const receipt = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, {
      complete: true,
    });
    expect(receipt.status).toBe(200);
    await waitFor('the report wait', async () =>
      (await local.entered(caseId, 'WaitForReport')) > 0 ? true : undefined,
    );
    expect((await caseView(caseId)).status).toBe('under-review');
  }, 60_000);

  it('a delivery step that stopped between delivering and telling the hospital: its retry tells the hospital, once', async () => {
    const { caseId, hospital } = await local.deliveredCase();
    const told = async () => (await local.mail(caseId)).filter((mail) => mail.key === 'hospital-delivered-1');
    await waitFor('the hospital told', async () => ((await told()).length === 1 ? true : undefined));
    // What a step killed (or SES failing past the SDK's retries) after the relay listed the case
    // leaves behind: the case delivered, the notification neither claimed nor sent. This test is
    // the last of the file: clearing the emulator's mailbox touches no other test's mail.
    await releaseClaim(caseId, 'notify:hospital-delivered-1');
    expect(
      (await fetch(`${local.backend.endpoints.sesEndpoint}/clear-store`, { method: 'POST' })).status,
    ).toBe(200);
    expect(await told()).toHaveLength(0);
    // Step Functions retries the step with the same input: it passes through, and tells the hospital.
    const input = {
      caseId,
      submission: 1,
      hospitalId: hospital.hospitalId,
      now: local.backend.clock.now().toISOString(),
    };
    await invoke(projectRoot, 'deliverPackage', input);
    expect(await told()).toHaveLength(1);
    await invoke(projectRoot, 'deliverPackage', input);
    expect(await told()).toHaveLength(1);
    expect(
      (await caseView(caseId)).timeline.filter((event: { type: string }) => event.type === 'delivered'),
    ).toHaveLength(1);
  }, 60_000);
});

import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { objectSize, presignUpload } from '../../functions/adapters/record-store';
import { tables } from '../../functions/contract';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { handler as uploadProcessor } from '../../functions/events/upload-processor';
import { putPresigned, waitFor } from '../../scripts/api-client';
import {
  dicomPersonName,
  makeDicom,
  makePdf,
  sampleOpinion,
  sampleTreatmentHistory,
} from '../../scripts/fixtures';
import { toEventBridge } from '../../scripts/local/s3';
import { useLocalBackend } from './harness';

describe('intake and relay edges, through the local backend', () => {
  const local = useLocalBackend('edges');

  const openCase = () => local.openCase({ fullName: 'Edge Case', cancerType: 'lung' });
  /** A CT labelled with the case's patient, as the patient's own study is. */
  const patientCt = () => makeDicom({ patientName: dicomPersonName('Edge Case') });
  const requestUpload = (token: string, body: Record<string, unknown>) =>
    local.api.call('POST', '/patient/uploads', token, body);
  const caseView = async (token: string) => (await local.api.call('GET', '/patient/case', token)).body;
  const documentsOf = (view: Record<string, unknown>) =>
    (view.checklist as { documents: { documentId: string; status: string; reason?: string }[] }[]).flatMap(
      (item) => item.documents,
    );

  it('refuses bad upload requests with a clear 4xx', async () => {
    const { patientToken } = await openCase();
    const base = {
      itemId: 'pathology-report',
      fileName: 'report.pdf',
      contentType: 'application/pdf',
      size: 1000,
    };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, contentType: 'text/html' }, 400, 'validation_failed'],
      [{ ...base, itemId: 'treatment-history' }, 400, 'validation_failed'],
      [{ ...base, size: 0 }, 400, 'validation_failed'],
      [{ ...base, size: 6 * 1024 ** 3 }, 413, 'payload_too_large'],
      [{ ...base, sha256: 'not-a-hash' }, 400, 'validation_failed'],
      [{ ...base, fileName: '../../etc/passwd' }, 400, 'validation_failed'],
      [{ ...base, fileName: 'x'.repeat(1000) }, 400, 'validation_failed'],
      [{ ...base, itemId: 'something-else' }, 400, 'validation_failed'],
      [{ ...base, extra: true }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const response = await requestUpload(patientToken, body);
      expect({ body, status: response.status, code: response.body.error?.code }).toEqual({
        body,
        status,
        code,
      });
    }
  });

  it('rejects a file whose bytes are not what was announced, and keeps it in quarantine with the reason', async () => {
    const { patientToken } = await openCase();
    const html = Buffer.from('<html><body>not a report</body></html>');
    const issued = await requestUpload(patientToken, {
      itemId: 'pathology-report',
      fileName: 'report.pdf',
      contentType: 'application/pdf',
      size: html.length,
    });
    expect((await putPresigned(issued.body as never, html)).status).toBe(200);
    await local.backend.idle();
    const rejected = documentsOf(await caseView(patientToken)).find(
      (doc) => doc.documentId === issued.body.documentId,
    );
    expect(rejected).toMatchObject({
      status: 'rejected',
      reason: 'The file is not a PDF, DICOM, JPEG or PNG file.',
    });
    // Nothing is lost: the rejected bytes stay in the intake (quarantine) bucket.
    const key = `cases/${(await caseView(patientToken)).caseId}/documents/${issued.body.documentId}`;
    expect(await objectSize('intake', key)).toBe(html.length);
  });

  it('handles a duplicate object-created event without a second document or timeline entry', async () => {
    const { caseId, patientToken } = await openCase();
    const dicom = patientCt();
    const issued = await requestUpload(patientToken, {
      itemId: 'imaging',
      fileName: 'ct.dcm',
      contentType: 'application/dicom',
      size: dicom.length,
    });
    await putPresigned(issued.body as never, dicom);
    await local.backend.idle();
    const event = toEventBridge({
      eventName: 'ObjectCreated:Put',
      eventTime: new Date().toISOString(),
      awsRegion: 'us-east-1',
      s3: {
        bucket: { name: 'intake' },
        object: { key: `cases/${caseId}/documents/${issued.body.documentId}`, size: dicom.length },
      },
    });
    await uploadProcessor(event as never);
    await uploadProcessor(event as never);
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    expect(documentsOf(view.body).filter((doc) => doc.status === 'accepted')).toHaveLength(1);
    expect(
      (view.body.timeline as { type: string }[]).filter((e) => e.type === 'document-accepted'),
    ).toHaveLength(1);
  });

  it('refuses an expired presigned URL at storage', async () => {
    const bytes = makePdf(['late']);
    const upload = await presignUpload(
      'intake',
      'cases/case_expirytest000/documents/doc_expirytest000',
      'application/pdf',
      bytes.length,
      1,
    );
    await sleep(2100);
    expect((await putPresigned(upload, bytes)).status).toBe(403);
  });

  it('closes intake after submission and checks the hospital report object itself', async () => {
    const { caseId, patientToken } = await openCase();
    const hospital = local.backend.endpoints.hospitals[0]!;
    for (const [itemId, name, type, bytes] of [
      ['pathology-report', 'p.pdf', 'application/pdf', makePdf(['p'])],
      ['imaging', 'i.dcm', 'application/dicom', patientCt()],
    ] as const) {
      const issued = await requestUpload(patientToken, {
        itemId,
        fileName: name,
        contentType: type,
        size: bytes.length,
      });
      await putPresigned(issued.body as never, bytes);
    }
    await local.backend.idle();
    await local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
    expect(
      (
        await local.api.call('POST', '/patient/consent', patientToken, {
          hospitalId: hospital.hospitalId,
          accepted: true,
          acknowledgedLimits: remoteReviewLimitIds,
          fullName: 'Someone Else',
        })
      ).status,
    ).toBe(400);
    await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'edge  case',
    });
    // Consent names hospital A: submitting to B is refused with the gap.
    const wrongHospital = await local.api.call(
      'POST',
      `/cases/${caseId}/submit`,
      local.backend.endpoints.coordinatorToken,
      {
        hospitalId: local.backend.endpoints.hospitals[2]!.hospitalId,
      },
    );
    expect(wrongHospital.status).toBe(409);
    expect(wrongHospital.body.error.details).toContainEqual(expect.objectContaining({ itemId: 'consent' }));
    expect(
      (
        await local.api.call('POST', `/cases/${caseId}/submit`, local.backend.endpoints.coordinatorToken, {
          hospitalId: hospital.hospitalId,
        })
      ).status,
    ).toBe(202);

    const late = await requestUpload(patientToken, {
      itemId: 'tumor-markers',
      fileName: 'm.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('case_submitted');

    await waitFor('delivery', async () => {
      const list = await local.api.call('GET', '/relay/cases', hospital.token);
      return (list.body.cases as { caseId: string }[]).find((entry) => entry.caseId === caseId);
    });
    // Receipt is idempotent: the second call returns the same deadline.
    const first = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, {
      complete: true,
    });
    const second = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, {
      complete: true,
    });
    expect(second.body.deadline).toEqual(first.body.deadline);

    const notPdf = Buffer.from('plain text, not a PDF');
    const issued = await local.api.call('POST', `/relay/cases/${caseId}/report-uploads`, hospital.token, {
      fileName: 'opinion.pdf',
      contentType: 'application/pdf',
      size: notPdf.length,
    });
    const report = {
      uploadId: issued.body.uploadId,
      language: 'en',
      opinion: sampleOpinion(),
      specialist: { name: 'Dr. X', department: 'Thoracic' },
    };
    const beforeUpload = await local.api.call(
      'POST',
      `/relay/cases/${caseId}/report`,
      hospital.token,
      report,
    );
    expect(beforeUpload.status).toBe(409);
    expect(beforeUpload.body.error.code).toBe('report_not_uploaded');
    await putPresigned(issued.body as never, notPdf);
    const wrongType = await local.api.call('POST', `/relay/cases/${caseId}/report`, hospital.token, report);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toBe('The uploaded report is not a PDF file.');
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    expect(view.body.status).toBe('under-review');
  });

  it('writes an audit event for every read and write of a case', async () => {
    const { caseId, patientToken } = await openCase();
    await local.api.call('GET', '/patient/case', patientToken);
    await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    await local.api.call(
      'GET',
      `/relay/cases/${caseId}/package`,
      local.backend.endpoints.hospitals[0]!.token,
    );
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: local.backend.endpoints.dynamodbEndpoint }),
    );
    const events = await client.send(
      new QueryCommand({
        TableName: tables.audit.id,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
      }),
    );
    const seen = (events.Items ?? []).map((item) => [item.actor.role, item.action, item.outcome]);
    expect(seen).toEqual([
      ['coordinator', 'case.create', 'allowed'],
      ['patient', 'case.read', 'allowed'],
      ['coordinator', 'case.read', 'allowed'],
      ['hospital', 'relay.package', 'denied'],
    ]);
    expect(JSON.stringify(events.Items)).not.toContain('Edge Case');
  });
});

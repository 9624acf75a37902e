import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { canonicalJson } from '../../functions/core/package-content';
import { ApiClient, putPresigned, waitFor } from '../../scripts/api-client';
import {
  dicomPersonName,
  makeDicom,
  makePdf,
  sampleOpinion,
  sampleTreatmentHistory,
} from '../../scripts/fixtures';
import { type LocalBackend, startLocalBackend } from '../../scripts/local/backend';
import { deploymentContext } from '../../scripts/local/deployment-context';
import { receivedMail } from '../../scripts/local/ses';

/** A distinctive name that must never appear in a log line. */
const PATIENT_NAME = 'Zephyrine Quillfeather-Odunsi';

describe('one case from intake to delivered report, through the local backend', () => {
  let backend: LocalBackend;
  let dataDir: string;
  let api: ApiClient;
  const logLines: string[] = [];
  const originalWrite = process.stdout.write.bind(process.stdout);
  const originalErrorWrite = process.stderr.write.bind(process.stderr);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oso-e2e-'));
    // Capture every log line the handlers write, to prove no PHI reaches the logs.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logLines.push(String(chunk));
      return originalWrite(chunk as string, ...(rest as []));
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logLines.push(String(chunk));
      return originalErrorWrite(chunk as string, ...(rest as []));
    }) as typeof process.stderr.write;
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    backend = await startLocalBackend({ dataDir, port: 0 });
    api = new ApiClient(backend.endpoints.apiUrl);
  }, 60_000);

  afterAll(async () => {
    process.stdout.write = originalWrite;
    process.stderr.write = originalErrorWrite;
    await backend?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const createCase = async (name = PATIENT_NAME) => {
    const created = await api.call('POST', '/cases', backend.endpoints.coordinatorToken, {
      patient: {
        fullName: name,
        email: 'patient@example.org',
        dateOfBirth: '1971-02-03',
        country: 'Kenya',
        language: 'en',
      },
      cancerType: 'breast',
      question: 'Is my current HER2-targeted plan the best option, or should I travel for treatment?',
    });
    expect(created.status).toBe(201);
    return created.body as {
      caseId: string;
      patientToken: string;
      patientLink: string;
      checklist: unknown[];
    };
  };

  const upload = async (
    patientToken: string,
    itemId: string,
    fileName: string,
    contentType: string,
    bytes: Buffer,
  ) => {
    const issued = await api.call('POST', '/patient/uploads', patientToken, {
      itemId,
      fileName,
      contentType,
      size: bytes.length,
    });
    expect(issued.status).toBe(201);
    const put = await putPresigned(issued.body as { url: string; headers: Record<string, string> }, bytes);
    expect(put.status).toBe(200);
    return issued.body as {
      uploadId: string;
      url: string;
      headers: Record<string, string>;
      expiresAt: string;
    };
  };

  it('takes a case from intake to the patient reading the report', async () => {
    const { endpoints } = backend;
    const coordinator = endpoints.coordinatorToken;
    const hospital = endpoints.hospitals[0]!;

    const created = await createCase();
    expect(created.patientLink).toBe(`${endpoints.apiUrl}/upload#${created.patientToken}`);
    expect(created.checklist.map((item) => (item as { itemId: string }).itemId)).toEqual([
      'pathology-report',
      'imaging',
      'treatment-history',
      'tumor-markers',
    ]);
    const { caseId, patientToken } = created;

    // Not ready: submit is refused with the gaps.
    const early = await api.call('POST', `/cases/${caseId}/submit`, coordinator, {
      hospitalId: hospital.hospitalId,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_ready');

    const pathology = makePdf([
      'Pathology report',
      'Invasive ductal carcinoma, grade 2, pT2N1M0',
      'ER positive (95%), PR positive (60%), HER2 3+ (IHC)',
    ]);
    const dicom = makeDicom({ patientName: dicomPersonName(PATIENT_NAME) });
    const pathologyUpload = await upload(
      patientToken,
      'pathology-report',
      'pathology.pdf',
      'application/pdf',
      pathology,
    );
    expect(new Date(pathologyUpload.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(new URL(pathologyUpload.url).pathname).toMatch(
      /^\/intake\/cases\/case_[a-z0-9]+\/documents\/doc_[a-z0-9]+$/,
    );
    await upload(patientToken, 'imaging', 'ct-chest.dcm', 'application/dicom', dicom);
    await backend.idle();

    const savedHistory = await api.call(
      'PUT',
      '/patient/treatment-history',
      patientToken,
      sampleTreatmentHistory(),
    );
    expect(savedHistory.status).toBe(200);
    const consent = await api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: PATIENT_NAME,
    });
    expect(consent.status).toBe(200);

    const patientView = await api.call('GET', '/patient/case', patientToken);
    expect(patientView.status).toBe(200);
    expect(patientView.body.status).toBe('ready');
    expect(patientView.body.patient).toBeUndefined();
    const items = Object.fromEntries(
      (patientView.body.checklist as { itemId: string; status: string }[]).map((item) => [
        item.itemId,
        item.status,
      ]),
    );
    expect(items).toEqual({
      'pathology-report': 'accepted',
      imaging: 'accepted',
      'treatment-history': 'accepted',
      'tumor-markers': 'missing',
    });
    expect(patientView.body.gaps).toEqual([
      expect.objectContaining({ itemId: 'tumor-markers', severity: 'advisory' }),
    ]);

    const submitted = await api.call('POST', `/cases/${caseId}/submit`, coordinator, {
      hospitalId: hospital.hospitalId,
    });
    expect(submitted.status).toBe(202);
    // A repeated submit starts nothing new.
    const again = await api.call('POST', `/cases/${caseId}/submit`, coordinator, {
      hospitalId: hospital.hospitalId,
    });
    expect(again.status).toBe(202);

    // The hospital sees the case once it is delivered.
    const listed = await waitFor('delivery', async () => {
      const response = await api.call('GET', '/relay/cases', hospital.token);
      return (response.body.cases as { caseId: string; status: string }[]).find(
        (entry) => entry.caseId === caseId && entry.status === 'awaiting-receipt',
      );
    });
    expect(listed).toBeDefined();
    const otherHospital = endpoints.hospitals[1]!;
    const otherList = await api.call('GET', '/relay/cases', otherHospital.token);
    expect((otherList.body.cases as { caseId: string }[]).some((entry) => entry.caseId === caseId)).toBe(
      false,
    );
    const otherPackage = await api.call('GET', `/relay/cases/${caseId}/package`, otherHospital.token);
    expect(otherPackage.status).toBe(404);

    const pkg = await api.call('GET', `/relay/cases/${caseId}/package`, hospital.token);
    expect(pkg.status).toBe(200);
    const files = pkg.body.files as {
      fileName: string;
      category: string;
      sha256: string;
      url: string;
      size: number;
    }[];
    // Download links are signed for the relay bucket's own region (its own stack in AWS).
    for (const file of files) {
      expect(new URL(file.url).searchParams.get('X-Amz-Credential')).toMatch(
        new RegExp(`/${deploymentContext.relayRegion}/s3/aws4_request$`),
      );
    }
    // The summary (PDF and data) and the manifest come first, then the translation and the records.
    expect(files.map((file) => file.category)).toEqual([
      'summary',
      'summary-data',
      'manifest',
      'translation',
      ...files.slice(4).map((file) => file.category),
    ]);
    expect(
      files
        .slice(4)
        .map((file) => file.category)
        .sort(),
    ).toEqual(['imaging', 'pathology-report']);
    const downloaded = new Map<string, Buffer>();
    for (const file of files) {
      const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      expect(bytes.length).toBe(file.size);
      downloaded.set(file.category, bytes);
    }
    expect(downloaded.get('imaging')!.equals(dicom)).toBe(true);
    expect(downloaded.get('pathology-report')!.equals(pathology)).toBe(true);
    expect(downloaded.get('summary')!.subarray(0, 5).toString()).toBe('%PDF-');
    // The data the PDF was drawn from, for the portal's page.
    expect(JSON.parse(downloaded.get('summary-data')!.toString('utf8'))).toMatchObject({
      caseId,
      submission: 1,
    });
    expect(downloaded.get('translation')!.toString('utf8')).toContain(
      'Original English, not machine-translated',
    );
    // The manifest vouches for every other file, and its digest can be recomputed by anyone.
    const manifest = JSON.parse(downloaded.get('manifest')!.toString('utf8'));
    expect(manifest.files.map((file: { sha256: string }) => file.sha256).sort()).toEqual(
      files
        .filter((file) => file.category !== 'manifest')
        .map((file) => file.sha256)
        .sort(),
    );
    expect(manifest.packageDigest).toBe(
      createHash('sha256').update(canonicalJson(manifest.files)).digest('hex'),
    );
    expect(manifest.files.find((file: { category: string }) => file.category === 'imaging').dicom).toEqual({
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.1',
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1.1',
    });

    const receipt = await api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, {
      complete: true,
    });
    expect(receipt.status).toBe(200);
    expect(receipt.body.deadline).toMatchObject({ businessDays: 5, timeZone: 'Asia/Shanghai' });
    expect(receipt.body.deadline.dueAt).toMatch(/T23:59:59\+08:00$/);

    const reportBytes = makePdf(['Second opinion', 'The current plan is appropriate.']);
    const reportUpload = await api.call('POST', `/relay/cases/${caseId}/report-uploads`, hospital.token, {
      fileName: 'opinion.pdf',
      contentType: 'application/pdf',
      size: reportBytes.length,
    });
    expect(reportUpload.status).toBe(201);
    expect((await putPresigned(reportUpload.body as never, reportBytes)).status).toBe(200);
    const report = await api.call('POST', `/relay/cases/${caseId}/report`, hospital.token, {
      uploadId: reportUpload.body.uploadId,
      language: 'en',
      opinion: sampleOpinion(),
      specialist: { name: 'Dr. Sample Specialist', department: 'Breast Oncology' },
    });
    expect(report.status).toBe(200);

    // The relay's copies are gone once the report arrived (the records bucket keeps the originals).
    for (const file of files) expect((await fetch(file.url)).status).not.toBe(200);

    const notYet = await api.call('GET', '/patient/report', patientToken);
    expect(notYet.status).toBe(404);

    await waitFor('summary wait', async () => {
      const view = await api.call('GET', `/cases/${caseId}`, coordinator);
      return view.body.status === 'awaiting-summary' ? true : undefined;
    });
    const summary = await api.call('POST', `/cases/${caseId}/summary`, coordinator, {
      plainLanguageSummary: 'The specialist agrees with your current treatment plan.',
    });
    expect(summary.status).toBe(200);

    const delivered = await waitFor('report delivery', async () => {
      const response = await api.call('GET', '/patient/report', patientToken);
      return response.status === 200 ? response.body : undefined;
    });
    expect(delivered.outcome).toBe('current-plan-optimal');
    expect(delivered.plainLanguageSummary).toBe('The specialist agrees with your current treatment plan.');
    const served = Buffer.from(await (await fetch(delivered.report.url)).arrayBuffer());
    expect(served.equals(reportBytes)).toBe(true);

    const finalView = await api.call('GET', `/cases/${caseId}`, coordinator);
    expect(finalView.body.status).toBe('completed');
    const types = (finalView.body.timeline as { type: string }[]).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'case-opened',
        'document-accepted',
        'submitted',
        'delivered',
        'receipt-confirmed',
        'report-received',
        'summary-written',
        'report-delivered',
      ]),
    );

    // Exactly one execution, and it completed.
    const execution = backend.stepFunctions.describeExecution({
      executionArn: `${backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-1`,
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(() =>
      backend.stepFunctions.describeExecution({
        executionArn: `${backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-2`,
      }),
    ).toThrow();

    // Each notification was sent once.
    const sent = (await receivedMail(backend.endpoints.sesEndpoint)).filter((mail) => mail.caseId === caseId);
    expect(sent.filter((mail) => mail.key === 'hospital-delivered-1')).toHaveLength(1);
    const patientMail = sent.filter((mail) => mail.key === 'patient-report-1');
    expect(patientMail).toHaveLength(1);
    const mail = patientMail[0]!;
    expect(mail.to).toBe('patient@example.org');

    // No PHI in any log line.
    expect(logLines.length).toBeGreaterThan(0);
    const phi = [
      'Zephyrine',
      'Quillfeather',
      'patient@example.org',
      '1971-02-03',
      'HER2-targeted',
      'pathology.pdf',
    ];
    expect(logLines.filter((line) => phi.some((value) => line.includes(value)))).toEqual([]);
  }, 60_000);

  it('refuses a tampered or expired presigned URL at storage', async () => {
    const { caseId, patientToken } = await createCase('Tamper Test');
    const bytes = makePdf(['test']);
    const issued = await api.call('POST', '/patient/uploads', patientToken, {
      itemId: 'pathology-report',
      fileName: 'report.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
    });
    const presigned = issued.body as { url: string; headers: Record<string, string> };

    const tampered = new URL(presigned.url);
    tampered.pathname = tampered.pathname.replace(/doc_[a-z0-9]+$/, 'doc_aaaaaaaaaaaaaaaaaaaaaa');
    expect((await putPresigned({ ...presigned, url: tampered.toString() }, bytes)).status).toBe(403);

    const wrongType = await putPresigned(presigned, bytes, { 'Content-Type': 'text/html' });
    expect(wrongType.status).toBe(403);

    const expired = new URL(presigned.url);
    expired.searchParams.set('X-Amz-Date', '20200101T000000Z');
    expect((await putPresigned({ ...presigned, url: expired.toString() }, bytes)).status).toBe(403);

    // With the signature stripped the request is anonymous, and the bucket refuses it.
    const unsigned = new URL(presigned.url);
    unsigned.search = '';
    expect((await putPresigned({ ...presigned, url: unsigned.toString() }, bytes)).status).toBe(403);
    expect((await fetch(unsigned)).status).toBe(403);

    const view = await api.call('GET', '/patient/case', patientToken);
    expect(view.body.caseId).toBe(caseId);
  });

  it('keeps each token to its own case, role and hospital', async () => {
    const first = await createCase('First Patient');
    const second = await createCase('Second Patient');
    const { endpoints } = backend;

    // A patient token opens its own case only; other cases answer 404 on coordinator routes too.
    expect((await api.call('GET', '/patient/case', first.patientToken)).body.caseId).toBe(first.caseId);
    expect((await api.call('GET', `/cases/${second.caseId}`, first.patientToken)).status).toBe(401);
    expect((await api.call('GET', '/relay/cases', first.patientToken)).status).toBe(401);
    expect((await api.call('GET', '/patient/case', endpoints.hospitals[0]!.token)).status).toBe(401);
    expect((await api.call('GET', '/patient/case', endpoints.coordinatorToken)).status).toBe(401);
    expect((await api.call('GET', '/patient/case')).status).toBe(401);
    expect((await api.call('GET', '/patient/case', 'pt_notatoken')).status).toBe(401);
    expect(
      (await api.call('GET', `/relay/cases/${first.caseId}/package`, endpoints.hospitals[0]!.token)).status,
    ).toBe(404);
    const missing = await api.call('GET', '/cases/case_doesnotexist000000', endpoints.coordinatorToken);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: 'No such case.' } });
  });
});

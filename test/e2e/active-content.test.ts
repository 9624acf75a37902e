import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { objectSize, readHead, sha256Of } from '../../functions/adapters/record-store';
import { readPdf } from '../../functions/core/pdf';
import { findActiveContent } from '../../functions/core/pdf-active-content';
import { putPresigned } from '../../scripts/api-client';
import { makeDiscZip, makePdf } from '../../scripts/fixtures';
import {
  makeEmbeddedExecutablePdf,
  makeHtmlPolyglotPdf,
  makeJavaScriptPdf,
  makeLyingZipBomb,
} from '../../scripts/hostile-fixtures';
import { useLocalBackend } from './harness';

/**
 * Issue 14, items 2 and 3: PDFs with active content are disarmed (a patient's) or refused (a
 * hospital's report); every download is an attachment of a fixed type; archives are judged by
 * what they inflate to. Through the real local backend and its S3 emulator.
 */
describe('active content and archive bombs', () => {
  const local = useLocalBackend('active-content');
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  const lines = ['Invasive ductal carcinoma, grade 2, pT1cN0M0.', 'ER positive, PR positive, HER2 negative.'];
  let caseId: string;
  let patientToken: string;

  beforeAll(async () => {
    ({ caseId, patientToken } = await local.openCase({ fullName: 'Active Content', cancerType: 'breast' }));
  });

  type ChecklistDocument = {
    documentId: string;
    status: string;
    reason?: string;
    activeContentRemoved?: string[];
  };
  /** Uploads as the patient and returns the document's verdict once the processor is idle. */
  const uploadAndJudge = async (itemId: string, contentType: string, bytes: Buffer) => {
    const documentId = await local.upload(patientToken, itemId, 'file.pdf', contentType, bytes);
    await local.backend.idle();
    const view = await local.api.call('GET', '/patient/case', patientToken);
    const documents = (view.body.checklist as { documents: ChecklistDocument[] }[]).flatMap(
      (item) => item.documents,
    );
    return documents.find((doc) => doc.documentId === documentId)!;
  };
  const recordsCopy = async (documentId: string) => {
    const key = `cases/${caseId}/documents/${documentId}`;
    return readHead('records', key, (await objectSize('records', key)) ?? 0);
  };
  const intakeSha256 = async (documentId: string) =>
    (await sha256Of('intake', `cases/${caseId}/documents/${documentId}`)).sha256;

  it('disarms a patient PDF with an embedded executable and an attachment: the records copy has neither', async () => {
    const original = makeEmbeddedExecutablePdf(lines);
    const document = await uploadAndJudge('pathology-report', 'application/pdf', original);
    expect(document).toMatchObject({
      status: 'accepted',
      activeContentRemoved: ['embedded-file', 'file-attachment'],
    });
    const copy = await recordsCopy(document.documentId);
    expect(await findActiveContent(copy)).toEqual([]);
    expect(Buffer.from(copy).includes(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(16, 0x90)]))).toBe(
      false,
    );
    expect((await readPdf(copy)).text).toBe((await readPdf(original)).text);
    // The upload as it arrived stays in quarantine.
    expect(await intakeSha256(document.documentId)).toBe(sha256(original));
  });

  it('disarms a PDF/HTML polyglot: the HTML after %%EOF does not reach the records', async () => {
    const original = makeHtmlPolyglotPdf(lines);
    const document = await uploadAndJudge('tumor-markers', 'application/pdf', original);
    expect(document).toMatchObject({
      status: 'accepted',
      activeContentRemoved: ['trailing-data', 'html-markup'],
    });
    const copy = Buffer.from(await recordsCopy(document.documentId));
    expect(copy.includes('<script')).toBe(false);
    expect(copy.includes('<html')).toBe(false);
    expect(copy.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await readPdf(copy)).text).toBe((await readPdf(original)).text);
  });

  it('refuses a PDF too large to be checked instead of passing it unread', async () => {
    const big = Buffer.concat([makePdf(lines), Buffer.alloc(33 * 1024 * 1024, 0x20)]);
    const document = await uploadAndJudge('tumor-markers', 'application/pdf', big);
    expect(document.status).toBe('rejected');
    expect(document.reason).toMatch(/larger than 32 MB, the most that can be checked for active content/);
  });

  it('refuses a zip whose entry declares 1,000,000 bytes but inflates to 1 GiB, with the true reason', async () => {
    const bomb = await makeLyingZipBomb();
    const started = performance.now();
    const document = await uploadAndJudge('imaging', 'application/zip', bomb);
    expect(document.status).toBe('rejected');
    expect(document.reason).toBe(
      'The ZIP file expands beyond what it declares (a zip bomb) and was refused.',
    );
    expect(performance.now() - started).toBeLessThan(15_000);
    // Still in quarantine, never copied to the records.
    expect(await objectSize('intake', `cases/${caseId}/documents/${document.documentId}`)).toBe(bomb.length);
    expect(await objectSize('records', `cases/${caseId}/documents/${document.documentId}`)).toBeUndefined();
  }, 60_000);

  it('still accepts an honest disc export, inflated whole in the hashing read', async () => {
    const document = await uploadAndJudge('imaging', 'application/zip', makeDiscZip());
    expect(document.status).toBe('accepted');
  });

  it('delivers a JavaScript PDF disarmed to the hospital, says so in the manifest, and a clean PDF byte for byte', async () => {
    const original = makeJavaScriptPdf(lines);
    const delivered = await local.deliveredCase({ fullName: 'Open Action', pathology: original });
    const pkg = await local.api.call(
      'GET',
      `/relay/cases/${delivered.caseId}/package`,
      delivered.hospital.token,
    );
    expect(pkg.status).toBe(200);
    type PackageEntry = { fileId: string; category: string; sha256: string; url: string };
    const files = pkg.body.files as PackageEntry[];
    const download = async (file: PackageEntry) => {
      const response = await fetch(file.url);
      expect(response.status).toBe(200);
      return {
        bytes: Buffer.from(await response.arrayBuffer()),
        type: response.headers.get('content-type'),
        disposition: response.headers.get('content-disposition'),
      };
    };
    const pathology = files.find((file) => file.category === 'pathology-report')!;
    const served = await download(pathology);
    expect(served.type).toBe('application/pdf');
    expect(served.disposition).toBe(
      `attachment; filename="${pathology.fileId}.pdf"; filename*=UTF-8''${pathology.fileId}.pdf`,
    );
    expect(await findActiveContent(original)).toEqual([
      'javascript',
      'open-action',
      'additional-actions',
      'launch',
    ]);
    expect(await findActiveContent(served.bytes)).toEqual([]);
    expect((await readPdf(served.bytes)).text).toBe((await readPdf(original)).text);
    expect(sha256(served.bytes)).toBe(pathology.sha256);
    expect(pathology.sha256).not.toBe(sha256(original));
    // The original stays in the intake (quarantine) bucket.
    expect((await sha256Of('intake', `cases/${delivered.caseId}/documents/${pathology.fileId}`)).sha256).toBe(
      sha256(original),
    );

    const manifestFile = files.find((file) => file.category === 'manifest')!;
    const manifest = await download(manifestFile);
    expect(manifest.type).toBe('application/json');
    expect(manifest.disposition).toMatch(/^attachment; filename="manifest\.json"/);
    const entry = (
      JSON.parse(manifest.bytes.toString('utf8')) as { files: Record<string, unknown>[] }
    ).files.find((file) => file.fileId === pathology.fileId);
    expect(entry).toMatchObject({
      sha256: pathology.sha256,
      disarmed: {
        removed: ['javascript', 'open-action', 'additional-actions', 'launch'],
        original: { size: original.length, sha256: sha256(original) },
      },
    });

    // Every other file: an attachment of its fixed type; the clean DICOM byte for byte.
    const types: Record<string, string> = {
      summary: 'application/pdf',
      imaging: 'application/dicom',
    };
    for (const file of files.filter((candidate) => types[candidate.category])) {
      const got = await download(file);
      expect(got.type).toBe(types[file.category]);
      expect(got.disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''/);
      expect(sha256(got.bytes)).toBe(file.sha256);
    }

    // A URL whose signed overrides are altered is refused by storage.
    const tampered = new URL(pathology.url);
    tampered.searchParams.set('response-content-type', 'text/html');
    expect((await fetch(tampered)).status).toBe(403);
  }, 60_000);

  it('refuses a hospital report with JavaScript at POST /relay/cases/{id}/report; a clean one reaches the patient unchanged, as an attachment', async () => {
    const clean = makePdf(lines);
    const delivered = await local.deliveredCase({ fullName: 'Report Script', pathology: clean });
    // The clean pathology PDF reaches the hospital byte for byte.
    const pkg = await local.api.call(
      'GET',
      `/relay/cases/${delivered.caseId}/package`,
      delivered.hospital.token,
    );
    const pathology = (pkg.body.files as { category: string; url: string; sha256: string }[]).find(
      (file) => file.category === 'pathology-report',
    )!;
    expect(sha256(Buffer.from(await (await fetch(pathology.url)).arrayBuffer()))).toBe(sha256(clean));
    expect(pathology.sha256).toBe(sha256(clean));

    let refused: { status: number; body: { error: { code: string; message: string } } } | undefined;
    await local.completeCase(delivered, {
      beforeReport: async () => {
        const report = makeJavaScriptPdf(['Second opinion.', 'The current treatment plan is appropriate.']);
        const upload = await local.api.call(
          'POST',
          `/relay/cases/${delivered.caseId}/report-uploads`,
          delivered.hospital.token,
          { fileName: 'opinion.pdf', contentType: 'application/pdf', size: report.length },
        );
        expect((await putPresigned(upload.body as never, report)).status).toBe(200);
        refused = (await local.api.call(
          'POST',
          `/relay/cases/${delivered.caseId}/report`,
          delivered.hospital.token,
          {
            uploadId: upload.body.uploadId,
            specialist: { name: 'Dr. Sample Specialist', department: 'Oncology' },
            language: 'en',
            opinion: (await import('../../scripts/fixtures')).sampleOpinion(),
          },
        )) as never;
      },
    });
    expect(refused?.status).toBe(400);
    expect(refused?.body.error.code).toBe('pdf_active_content');
    expect(refused?.body.error.message).toMatch(
      /^The uploaded report carries active content \(JavaScript, an action run when the file opens, .*\)/,
    );

    const report = await local.api.call('GET', '/patient/report', delivered.patientToken);
    expect(report.status).toBe(200);
    const response = await fetch(report.body.report.url);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="report-rpt_[a-z0-9]+\.pdf"; filename\*=UTF-8''report-rpt_[a-z0-9]+\.pdf$/,
    );
    const served = Buffer.from(await response.arrayBuffer());
    expect(sha256(served)).toBe(
      sha256(makePdf(['Second opinion.', 'The current treatment plan is appropriate.'])),
    );
  }, 90_000);
});

import { describe, expect, it } from 'vitest';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { putPresigned, waitFor } from '../../scripts/api-client';
import { dicomPersonName, makeDicom, makePdf, sampleTreatmentHistory } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

describe('a hospital that requires certified Chinese translations', () => {
  const local = useLocalBackend('certified');

  it('waits for the coordinator’s certified translation, then delivers it marked as certified', async () => {
    const coordinator = local.backend.endpoints.coordinatorToken;
    // Sample hospital B requires a certified translation of the pathology report.
    const hospital = local.backend.endpoints.hospitals[1]!;
    const { caseId, patientToken } = await local.openCase({ fullName: 'Certified Case', cancerType: 'lung' });
    const upload = (itemId: string, name: string, type: string, bytes: Buffer) =>
      local.upload(patientToken, itemId, name, type, bytes);
    const pathologyId = await upload(
      'pathology-report',
      'pathology.pdf',
      'application/pdf',
      makePdf([
        'Adenocarcinoma of the lung, poorly differentiated.',
        'EGFR exon 19 deletion detected. ALK negative.',
      ]),
    );
    await upload(
      'imaging',
      'ct.dcm',
      'application/dicom',
      makeDicom({ patientName: dicomPersonName('Certified Case') }),
    );
    await local.backend.idle();
    await local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
    await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'Certified Case',
    });

    // A certified translation cannot be added before the workflow asks for one.
    const early = await local.api.call('POST', `/cases/${caseId}/certified-translations`, coordinator, {
      documentId: pathologyId,
      fileName: 'pathology.zh.pdf',
      contentType: 'application/pdf',
      size: 100,
    });
    expect(early.status).toBe(409);

    expect(
      (
        await local.api.call('POST', `/cases/${caseId}/submit`, coordinator, {
          hospitalId: hospital.hospitalId,
        })
      ).status,
    ).toBe(202);
    await waitFor('the certified-translation wait', async () => {
      const view = await local.api.call('GET', `/cases/${caseId}`, coordinator);
      return view.body.status === 'awaiting-certified-translation' ? true : undefined;
    });
    // Nothing reaches the hospital meanwhile.
    const listed = await local.api.call('GET', '/relay/cases', hospital.token);
    expect((listed.body.cases as { caseId: string }[]).some((entry) => entry.caseId === caseId)).toBe(false);

    const translation = makePdf(['病理报告（认证翻译）', 'Certified translation of the pathology report']);
    const issued = await local.api.call('POST', `/cases/${caseId}/certified-translations`, coordinator, {
      documentId: pathologyId,
      fileName: 'pathology.zh.pdf',
      contentType: 'application/pdf',
      size: translation.length,
    });
    expect(issued.status).toBe(201);
    const notYet = await local.api.call(
      'POST',
      `/cases/${caseId}/certified-translations/${issued.body.uploadId}/complete`,
      coordinator,
    );
    expect(notYet.status).toBe(409);
    expect((await putPresigned(issued.body as never, translation)).status).toBe(200);
    const recorded = await local.api.call(
      'POST',
      `/cases/${caseId}/certified-translations/${issued.body.uploadId}/complete`,
      coordinator,
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body.missing).toEqual([]);

    await waitFor('delivery', async () => {
      const cases = (await local.api.call('GET', '/relay/cases', hospital.token)).body.cases as {
        caseId: string;
      }[];
      return cases.find((entry) => entry.caseId === caseId);
    });
    const pkg = await local.api.call('GET', `/relay/cases/${caseId}/package`, hospital.token);
    const translations = (
      pkg.body.files as { category: string; translation?: string; fileName: string; url: string }[]
    ).filter((file) => file.category === 'translation');
    // The certified translation replaces the machine draft of the same document.
    expect(translations.map((file) => [file.fileName, file.translation])).toEqual([
      ['pathology.zh.pdf', 'certified'],
    ]);
    const served = Buffer.from(await (await fetch(translations[0]!.url)).arrayBuffer());
    expect(served.equals(translation)).toBe(true);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { dicomPersonName, makeDicom, makePdf, sampleTreatmentHistory } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

describe('the gap report and the coordinator’s review', () => {
  const local = useLocalBackend('review');
  const coordinator = () => local.backend.endpoints.coordinatorToken;
  const hospitalId = () => local.backend.endpoints.hospitals[0]!.hospitalId;

  const openCase = (cancerType = 'breast') => local.openCase({ fullName: 'Review Person', cancerType });

  const upload = async (token: string, itemId: string, name: string, type: string, bytes: Buffer) => {
    const documentId = await local.upload(token, itemId, name, type, bytes);
    await local.backend.idle();
    return documentId;
  };
  const view = async (caseId: string) =>
    (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body;
  const gapIds = async (caseId: string) =>
    ((await view(caseId)).gaps as { gapId: string }[]).map((gap) => gap.gapId);

  it('reads the diagnosis from the pathology report and reports what it does not state', async () => {
    const { caseId, patientToken } = await openCase();
    await upload(
      patientToken,
      'pathology-report',
      'path.pdf',
      'application/pdf',
      makePdf([
        'Diagnosis: Invasive lobular carcinoma, grade 2.',
        'Pathologic stage pT1c N0 M0.',
        'Estrogen receptor positive (80%).',
      ]),
    );
    const current = await view(caseId);
    expect(current.diagnosis).toMatchObject({
      histology: 'invasive lobular carcinoma',
      grade: 'Grade 2',
      stage: 'pT1cN0M0',
      markers: [{ name: 'ER', result: 'positive (80%)' }],
      source: { kind: 'extracted' },
    });
    const gaps = current.gaps as { gapId: string; severity: string; message: string }[];
    expect(gaps).toContainEqual(
      expect.objectContaining({
        gapId: 'diagnosis:marker:HER2',
        severity: 'advisory',
        message: 'The pathology report does not state HER2 status.',
      }),
    );

    // The coordinator corrects the diagnosis; the gaps follow.
    const corrected = await local.api.call('PUT', `/cases/${caseId}/diagnosis`, coordinator(), {
      histology: 'invasive lobular carcinoma',
      grade: 'Grade 2',
      stage: 'pT1cN0M0',
      markers: [
        { name: 'ER', result: 'positive (80%)' },
        { name: 'PR', result: 'negative' },
        { name: 'HER2', result: '1+ (HER2-low)' },
      ],
    });
    expect(corrected.status).toBe(200);
    expect((await view(caseId)).diagnosis.source.kind).toBe('coordinator');
    expect((await gapIds(caseId)).filter((id) => id.startsWith('diagnosis:'))).toEqual([]);
  });

  it('accepts a scanned report and says the diagnosis must be entered by hand', async () => {
    const { caseId, patientToken } = await openCase();
    await upload(patientToken, 'pathology-report', 'scan.pdf', 'application/pdf', makePdf([]));
    expect(await gapIds(caseId)).toContain('pathology-report:scanned');
  });

  it('lets the coordinator add a blocking gap and waive gaps with a reason, but never consent', async () => {
    const { caseId, patientToken } = await openCase();
    await upload(
      patientToken,
      'pathology-report',
      'p.pdf',
      'application/pdf',
      makePdf(['Invasive ductal carcinoma, grade 2, pT2N1M0', 'ER positive, PR positive, HER2 negative']),
    );
    await upload(
      patientToken,
      'imaging',
      'ct.dcm',
      'application/dicom',
      makeDicom({ patientName: dicomPersonName('Review Person') }),
    );
    await local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());

    const added = await local.api.call('POST', `/cases/${caseId}/gaps`, coordinator(), {
      itemId: 'imaging',
      severity: 'blocking',
      message: 'The PET-CT from August 2026 mentioned in the history is missing.',
    });
    expect(added.status).toBe(201);
    const customId = added.body.gap.gapId as string;

    const consentWaiver = await local.api.call(
      'POST',
      `/cases/${caseId}/gaps/consent:missing/waive`,
      coordinator(),
      { reason: 'urgent' },
    );
    expect(consentWaiver.status).toBe(409);
    expect(consentWaiver.body.error.code).toBe('not_waivable');
    expect(
      (await local.api.call('POST', `/cases/${caseId}/gaps/nonsense/waive`, coordinator(), { reason: 'x' }))
        .status,
    ).toBe(404);

    await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospitalId(),
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'Review Person',
    });
    const blocked = await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), {
      hospitalId: hospitalId(),
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details).toEqual([
      expect.objectContaining({ gapId: customId, source: 'coordinator' }),
    ]);

    const waived = await local.api.call(
      'POST',
      `/cases/${caseId}/gaps/${encodeURIComponent(customId)}/waive`,
      coordinator(),
      {
        reason: 'The hospital confirmed the CT is enough for a first opinion.',
      },
    );
    expect(waived.status).toBe(200);
    const afterWaiver = await view(caseId);
    expect(afterWaiver.status).toBe('ready');
    expect(afterWaiver.waivedGaps).toEqual([
      expect.objectContaining({ gapId: customId, reason: expect.stringContaining('hospital confirmed') }),
    ]);
    expect(
      (afterWaiver.timeline as { type: string; detail: string }[]).find(
        (event) => event.type === 'gap-waived',
      )?.detail,
    ).toContain('The hospital confirmed the CT is enough');
    expect(
      (await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), { hospitalId: hospitalId() }))
        .status,
    ).toBe(202);
  });

  it('takes a shipped imaging disc in place of uploaded images', async () => {
    const { caseId, patientToken } = await openCase('nasopharyngeal');
    const future = await local.api.call('POST', '/patient/imaging-shipment', patientToken, {
      carrier: 'DHL',
      trackingNumber: '1234567890',
      shippedAt: '2999-01-01',
      contents: 'MRI head and neck, 2 discs',
    });
    expect(future.status).toBe(400);
    const shipped = await local.api.call('POST', '/patient/imaging-shipment', patientToken, {
      carrier: 'DHL',
      trackingNumber: '1234567890',
      shippedAt: '2026-11-20',
      contents: 'MRI head and neck, 2 discs',
    });
    expect(shipped.status).toBe(200);
    const current = await view(caseId);
    const imaging = (current.checklist as { itemId: string; status: string }[]).find(
      (item) => item.itemId === 'imaging',
    );
    expect(imaging?.status).toBe('in-transit');
    expect(current.gaps).toContainEqual(
      expect.objectContaining({ gapId: 'imaging:in-transit', severity: 'advisory' }),
    );
  });
});

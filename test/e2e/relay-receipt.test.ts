import { describe, expect, it } from 'vitest';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { waitFor } from '../../scripts/api-client';
import { dicomPersonName, makeDicom, makePdf, sampleTreatmentHistory } from '../../scripts/fixtures';
import { useLocalBackend } from './harness';

/** A case ready to submit, and its delivery to the first sample hospital. */
function receiptSteps(local: ReturnType<typeof useLocalBackend>) {
  const coordinator = () => local.backend.endpoints.coordinatorToken;
  const hospital = () => local.backend.endpoints.hospitals[0]!;

  const readyCase = async (options: { shipDisc?: boolean } = {}) => {
    const { caseId, patientToken } = await local.openCase({ fullName: 'Receipt Case', cancerType: 'breast' });
    const upload = (itemId: string, name: string, type: string, bytes: Buffer) =>
      local.upload(patientToken, itemId, name, type, bytes);
    await upload(
      'pathology-report',
      'p.pdf',
      'application/pdf',
      makePdf(['Invasive ductal carcinoma, grade 2, pT2N1M0', 'ER positive, PR positive, HER2 negative']),
    );
    if (options.shipDisc) {
      await local.api.call('POST', '/patient/imaging-shipment', patientToken, {
        carrier: 'DHL',
        trackingNumber: 'JD0146000031',
        shippedAt: '2026-11-20',
        contents: 'CT chest, 1 disc',
      });
    } else {
      await upload(
        'imaging',
        'ct.dcm',
        'application/dicom',
        makeDicom({ patientName: dicomPersonName('Receipt Case') }),
      );
    }
    await local.backend.idle();
    await local.api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
    await local.api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital().hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'Receipt Case',
    });
    return { caseId, patientToken };
  };
  const submitAndDeliver = async (caseId: string) => {
    expect(
      (
        await local.api.call('POST', `/cases/${caseId}/submit`, coordinator(), {
          hospitalId: hospital().hospitalId,
        })
      ).status,
    ).toBe(202);
    await waitFor('delivery', async () => {
      const cases = (await local.api.call('GET', '/relay/cases', hospital().token)).body.cases as {
        caseId: string;
      }[];
      return cases.find((entry) => entry.caseId === caseId);
    });
  };
  return { coordinator, hospital, readyCase, submitAndDeliver };
}

describe('receipt: complete, incomplete, and a shipped disc', () => {
  const local = useLocalBackend('receipt');
  const { coordinator, hospital, readyCase, submitAndDeliver } = receiptSteps(local);
  const execution = (caseId: string, submission: number) =>
    `${local.backend.stepFunctions.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}-${submission}`;

  it('sends an incomplete package back to collecting, quoting the hospital, with no clock started', async () => {
    const { caseId } = await readyCase();
    await submitAndDeliver(caseId);
    const reported = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
      complete: false,
      missing: [{ itemId: 'imaging', description: 'The PET-CT of August 2026 is not in the package.' }],
    });
    expect(reported.status).toBe(200);
    expect(reported.body.status).toBe('collecting');

    const view = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(view.body.status).toBe('collecting');
    expect(view.body.deadline).toBeUndefined();
    const gap = (view.body.gaps as { gapId: string; severity: string; message: string }[]).find((g) =>
      g.gapId.startsWith('hospital:'),
    );
    expect(gap).toMatchObject({
      severity: 'blocking',
      message: expect.stringContaining('“The PET-CT of August 2026 is not in the package.”'),
    });
    const listed = await local.api.call('GET', '/relay/cases', hospital().token);
    expect((listed.body.cases as { caseId: string }[]).some((entry) => entry.caseId === caseId)).toBe(false);
    await local.backend.stepFunctions.settled(execution(caseId, 1));
    expect(local.backend.stepFunctions.describeExecution({ executionArn: execution(caseId, 1) }).status).toBe(
      'SUCCEEDED',
    );

    // Once the gap is dealt with, the case goes again under the next submission number.
    await local.api.call(
      'POST',
      `/cases/${caseId}/gaps/${encodeURIComponent(gap!.gapId)}/waive`,
      coordinator(),
      {
        reason: 'The patient confirmed there was no PET-CT; the hospital agreed to review without it.',
      },
    );
    await submitAndDeliver(caseId);
    const confirmed = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
      complete: true,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.deadline.businessDays).toBe(5);
    expect(local.backend.stepFunctions.describeExecution({ executionArn: execution(caseId, 2) }).status).toBe(
      'RUNNING',
    );

    const specialist = await local.api.call('POST', `/relay/cases/${caseId}/specialist`, hospital().token, {
      name: 'Dr. Sample Specialist',
      department: 'Breast Oncology',
    });
    expect(specialist.status).toBe(200);
    const patientView = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(patientView.body.specialist).toMatchObject({
      name: 'Dr. Sample Specialist',
      department: 'Breast Oncology',
    });
  }, 60_000);

  it('requires the hospital to confirm that a shipped disc arrived', async () => {
    const { caseId, patientToken } = await readyCase({ shipDisc: true });
    await submitAndDeliver(caseId);
    const missingConfirmation = await local.api.call(
      'POST',
      `/relay/cases/${caseId}/receipt`,
      hospital().token,
      { complete: true },
    );
    expect(missingConfirmation.status).toBe(400);
    expect(missingConfirmation.body.error.details[0].path).toBe('discReceived');
    const confirmed = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
      complete: true,
      discReceived: true,
    });
    expect(confirmed.status).toBe(200);
    const view = await local.api.call('GET', '/patient/case', patientToken);
    expect(view.body.imagingShipment.receivedAt).toEqual(expect.any(String));
    expect(
      (view.body.checklist as { itemId: string; status: string }[]).find((item) => item.itemId === 'imaging')!
        .status,
    ).toBe('accepted');
  }, 60_000);
  it('refuses a receipt that contradicts the one recorded, with why, and changes nothing', async () => {
    const { caseId } = await readyCase();
    await submitAndDeliver(caseId);
    const missing = { itemId: 'imaging', description: 'The CT is unreadable.' };
    expect(
      (
        await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
          complete: false,
          missing: [missing],
        })
      ).status,
    ).toBe(200);
    // Reported incomplete: the package went back, and the case is no longer this hospital's.
    const late = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
      complete: true,
    });
    expect(late.status).toBe(404);
    const collecting = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(collecting.body.status).toBe('collecting');
    expect(collecting.body.deadline).toBeUndefined();

    // The next delivery, confirmed complete; a late "incomplete" is refused and records nothing.
    const gap = (collecting.body.gaps as { gapId: string }[]).find((g) => g.gapId.startsWith('hospital:'))!;
    await local.api.call(
      'POST',
      `/cases/${caseId}/gaps/${encodeURIComponent(gap.gapId)}/waive`,
      coordinator(),
      {
        reason: 'The hospital agreed to review with the CT as sent.',
      },
    );
    await submitAndDeliver(caseId);
    const confirmed = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
      complete: true,
    });
    expect(confirmed.status).toBe(200);
    const contradicted = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
      complete: false,
      missing: [{ itemId: 'imaging', description: 'The PET-CT is missing.' }],
    });
    expect(contradicted.status).toBe(409);
    expect(contradicted.body.error).toMatchObject({
      code: 'receipt_already_confirmed',
      message: expect.stringContaining('already confirmed complete'),
    });
    const view = await local.api.call('GET', `/cases/${caseId}`, coordinator());
    expect(view.body.status).toBe('under-review');
    expect(view.body.deadline).toMatchObject(confirmed.body.deadline);
    expect(JSON.stringify(view.body.gaps)).not.toContain('PET-CT');
    // Repeating the recorded answer stays a harmless retry.
    const again = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
      complete: true,
    });
    expect(again).toEqual({ status: 200, body: { deadline: confirmed.body.deadline } });
  }, 90_000);
});

describe('receipt under a fast business clock', () => {
  // Months away from real time, an hour a second: any real-time stamp lands on another day.
  const local = useLocalBackend('receipt-clock', {
    clock: { start: new Date('2027-03-01T09:00:00+08:00'), speed: 3600 },
  });
  const { coordinator, hospital, readyCase, submitAndDeliver } = receiptSteps(local);

  it('stamps the delivery and the disc’s arrival with the clock the report deadline runs on', async () => {
    const { caseId } = await readyCase({ shipDisc: true });
    await submitAndDeliver(caseId);
    const listed = (await local.api.call('GET', '/relay/cases', hospital().token)).body.cases as {
      caseId: string;
      deliveredAt: string;
    }[];
    const delivered = listed.find((entry) => entry.caseId === caseId)!;
    expect(Date.parse(delivered.deliveredAt)).toBeGreaterThanOrEqual(Date.parse('2027-03-01T01:00:00Z'));
    const confirmed = await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital().token, {
      complete: true,
      discReceived: true,
    });
    expect(confirmed.status).toBe(200);
    const view = (await local.api.call('GET', `/cases/${caseId}`, coordinator())).body;
    const arrivedOn = new Intl.DateTimeFormat('en-CA', { timeZone: view.deadline.timeZone }).format(
      new Date(view.imagingShipment.receivedAt),
    );
    expect(arrivedOn).toBe(view.deadline.receivedOn);
  }, 90_000);
});

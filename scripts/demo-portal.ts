import { remoteReviewLimitIds } from '../functions/core/opinion';
import type { ApiClient } from './api-client';
import { waitFor } from './api-client';
import { patientUploader } from './case-steps';
import { makeCtSeries } from './dicom-series';
import { makePdf, sampleTreatmentHistory } from './fixtures';
import type { Endpoints } from './local/backend';

/**
 * The demo's second case, for a person at the hospital portal: a lung-cancer case with two CT
 * series (one uncompressed, one JPEG-LS as some discs carry) delivered to the first sample
 * hospital, left for its staff member to receive, look through and answer in the portal.
 * Every step is a real HTTP call or presigned upload; the patient is invented.
 */
export async function deliverPortalCase(
  api: ApiClient,
  endpoints: Endpoints,
  say: (text: string) => void,
): Promise<{ caseId: string; patientToken: string }> {
  const coordinator = endpoints.coordinatorToken;
  const hospital = endpoints.hospitals[0]!;
  const opened = await api.call('POST', '/cases', coordinator, {
    patient: {
      fullName: 'Joseph Demo-Kamau',
      email: 'joseph.demo@example.org',
      dateOfBirth: '1962-09-30',
      country: 'Kenya',
      language: 'en',
    },
    cancerType: 'lung',
    question: 'Is surgery still possible after my chemotherapy, or should I consider proton therapy?',
  });
  if (opened.status !== 201) throw new Error(`opening the portal case failed: ${opened.status}`);
  const { caseId, patientToken } = opened.body as { caseId: string; patientToken: string };
  const upload = patientUploader(api, patientToken);
  await upload(
    'pathology-report',
    'pathology-report.pdf',
    'application/pdf',
    makePdf([
      'Pathology report (demo)',
      'Lung adenocarcinoma, grade 2, cT2a N1 M0',
      'EGFR exon 19 deletion detected; ALK negative; PD-L1 TPS 30%',
    ]),
  );
  const study = '1.2.826.0.1.3680043.8.498.4242';
  const series = [
    { syntax: 'explicit-le', slices: 80, number: 2, description: 'Chest CT, soft tissue' },
    { syntax: 'jpeg-ls', slices: 30, number: 3, description: 'Chest CT, JPEG-LS disc export' },
  ] as const;
  for (const entry of series) {
    const files = await makeCtSeries({
      syntax: entry.syntax,
      slices: entry.slices,
      size: 512,
      pixelSpacing: [0.7, 0.7],
      studyInstanceUid: study,
      seriesInstanceUid: `${study}.${entry.number}`,
      seriesNumber: entry.number,
      seriesDescription: entry.description,
      patientName: 'Demo-Kamau^Joseph',
    });
    for (const [index, bytes] of files.entries()) {
      await upload(
        'imaging',
        `series${entry.number}-${String(index + 1).padStart(3, '0')}.dcm`,
        'application/dicom',
        bytes,
      );
    }
    say(`${entry.description}: ${files.length} slices of 512 × 512 uploaded`);
  }
  await waitFor(
    'validation',
    async () => {
      const view = (await api.call('GET', '/patient/case', patientToken)).body;
      const items = view.checklist as { itemId: string; status: string }[];
      return items.filter((item) => item.status === 'accepted').length >= 2 ? true : undefined;
    },
    { timeoutMs: 120_000 },
  );
  await api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
  await api.call('POST', '/patient/consent', patientToken, {
    hospitalId: hospital.hospitalId,
    accepted: true,
    acknowledgedLimits: remoteReviewLimitIds,
    fullName: 'Joseph Demo-Kamau',
  });
  // Every upload validated before the submission, so all slices go into the package.
  await waitFor(
    'every slice validated',
    async () => {
      const view = (await api.call('GET', `/cases/${caseId}`, coordinator)).body;
      const documents = (view.checklist as { documents: { status: string }[] }[]).flatMap(
        (item) => item.documents,
      );
      const expected = 1 + series.reduce((total, entry) => total + entry.slices, 0);
      return documents.length === expected && documents.every((doc) => doc.status === 'accepted')
        ? true
        : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 500 },
  );
  // The case's list entry is still being written for the last uploads: a 409 `concurrent_update`
  // says to retry, as any client should.
  const submitted = await waitFor(
    'submission',
    async () => {
      const response = await api.call('POST', `/cases/${caseId}/submit`, coordinator, {
        hospitalId: hospital.hospitalId,
      });
      if (response.status === 202) return response;
      if (response.status === 409 && (response.body.error as { code?: string })?.code === 'concurrent_update')
        return undefined;
      throw new Error(`submit failed: ${JSON.stringify(response.body)}`);
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
  say(`submitted (${submitted.status})`);
  await waitFor(
    'delivery',
    async () => {
      const cases = (await api.call('GET', '/relay/cases', hospital.token)).body.cases as {
        caseId: string;
      }[];
      return cases.some((entry) => entry.caseId === caseId) ? true : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 500 },
  );
  return { caseId, patientToken };
}

/**
 * Once the hospital sent its opinion in the portal: the coordinator writes the plain-language
 * summary and the patient reads the report. Waits for the opinion as long as `timeoutMs`.
 */
export async function finishPortalCase(
  api: ApiClient,
  endpoints: Endpoints,
  caseId: string,
  patientToken: string,
  say: (text: string) => void,
  timeoutMs: number,
): Promise<void> {
  const coordinator = endpoints.coordinatorToken;
  const view = await waitFor(
    'the hospital’s opinion',
    async () => {
      const current = (await api.call('GET', `/cases/${caseId}`, coordinator)).body;
      return current.status === 'awaiting-summary' ? current : undefined;
    },
    { timeoutMs, intervalMs: 2000 },
  );
  say(`the hospital sent its opinion (case ${view.caseId}: ${view.status})`);
  const summary = await api.call('POST', `/cases/${caseId}/summary`, coordinator, {
    plainLanguageSummary:
      'The specialist has reviewed your scans and reports. Their written opinion is attached; your coordinator will go through it with you.',
  });
  if (summary.status !== 200) throw new Error(`summary refused: ${JSON.stringify(summary.body)}`);
  const report = await waitFor('report delivery', async () => {
    const response = await api.call('GET', '/patient/report', patientToken);
    return response.status === 200 ? response.body : undefined;
  });
  say(
    `the patient receives the report: outcome ${report.outcome}, specialist ${report.specialist?.name ?? '—'}`,
  );
}

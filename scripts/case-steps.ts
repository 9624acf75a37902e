import { type ApiClient, type ApiResponse, putPresigned, waitFor } from './api-client';
import { makeDicom, makePdf, sampleOpinion } from './fixtures';

/**
 * Steps of a case as its people take them over HTTP, shared by the load run, the benchmark and
 * the restart test. Every call is a real request to the API or a real presigned transfer.
 */
type Call = (method: string, path: string, token: string, body?: unknown) => Promise<ApiResponse>;

/** The patient sends a pathology PDF and a DICOM image through presigned PUTs. */
export async function uploadRecords(api: ApiClient, patientToken: string): Promise<void> {
  for (const [itemId, fileName, contentType, bytes] of [
    ['pathology-report', 'pathology.pdf', 'application/pdf', makePdf(['Adenocarcinoma, grade 2, pT1N0M0.'])],
    ['imaging', 'ct.dcm', 'application/dicom', makeDicom()],
  ] as const) {
    const issued = await api.call('POST', '/patient/uploads', patientToken, {
      itemId,
      fileName,
      contentType,
      size: bytes.length,
    });
    const put = await putPresigned(issued.body as never, bytes);
    if (put.status !== 200) throw new Error(`storage refused ${fileName}: ${put.status}`);
  }
}

/**
 * The hospital uploads its report PDF and sends it with a structured opinion (asked again until
 * the workflow waits for it); then the coordinator writes the summary once the case awaits it.
 * `hospitalCall` lets a caller honour 429s its own way.
 */
export async function finishCase(
  api: ApiClient,
  caseId: string,
  tokens: { hospital: string; coordinator: string },
  options: { hospitalCall?: Call; timeoutMs?: number } = {},
): Promise<void> {
  const hospitalCall: Call =
    options.hospitalCall ?? ((method, path, token, body) => api.call(method, path, token, body));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const report = makePdf(['Second opinion: the current plan is appropriate.']);
  const upload = await hospitalCall('POST', `/relay/cases/${caseId}/report-uploads`, tokens.hospital, {
    fileName: 'opinion.pdf',
    contentType: 'application/pdf',
    size: report.length,
  });
  if (upload.status !== 201) throw new Error(`report upload refused: ${upload.status}`);
  await putPresigned(upload.body as never, report);
  await waitFor(
    'the report accepted',
    async () => {
      const sent = await hospitalCall('POST', `/relay/cases/${caseId}/report`, tokens.hospital, {
        uploadId: upload.body.uploadId,
        specialist: { name: 'Dr. Sample Specialist', department: 'Oncology' },
        language: 'en',
        opinion: sampleOpinion(),
      });
      return sent.status === 200 ? true : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
  await waitFor(
    'the summary wait',
    async () => {
      const view = await api.call('GET', `/cases/${caseId}`, tokens.coordinator);
      return view.body.status === 'awaiting-summary' ? true : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
  await api.call('POST', `/cases/${caseId}/summary`, tokens.coordinator, {
    plainLanguageSummary: 'Summary.',
  });
  await waitFor(
    'completion',
    async () => {
      const view = await api.call('GET', `/cases/${caseId}`, tokens.coordinator);
      return view.body.status === 'completed' ? true : undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

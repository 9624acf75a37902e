import { type ApiClient, type ApiResponse, putPresigned, waitFor } from './api-client';
import { dicomPersonName, makeDicom, makePdf, sampleOpinion } from './fixtures';

/**
 * Steps of a case as its people take them over HTTP, shared by the load run, the benchmark and
 * the restart test. Every call is a real request to the API or a real presigned transfer.
 */
type Call = (method: string, path: string, token: string, body?: unknown) => Promise<ApiResponse>;

/**
 * A patient upload as the page makes it: ask for the link, PUT the bytes. Returns what the API
 * answered for the link (documentId, expiresAt…); throws on a refused link or PUT.
 */
export async function patientUpload(
  api: ApiClient,
  patientToken: string,
  file: { itemId: string; fileName: string; contentType: string; bytes: Buffer },
): Promise<Record<string, unknown>> {
  const issued = await api.call('POST', '/patient/uploads', patientToken, {
    itemId: file.itemId,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.bytes.length,
  });
  if (issued.status !== 201) throw new Error(`upload link refused: ${JSON.stringify(issued.body)}`);
  const put = await putPresigned(issued.body as never, file.bytes);
  if (put.status !== 200) throw new Error(`storage refused ${file.fileName}: ${put.status}`);
  return issued.body;
}

/** The patient's uploads, one file at a time: `(itemId, fileName, contentType, bytes)`. */
export const patientUploader =
  (api: ApiClient, patientToken: string) =>
  (itemId: string, fileName: string, contentType: string, bytes: Buffer): Promise<Record<string, unknown>> =>
    patientUpload(api, patientToken, { itemId, fileName, contentType, bytes });

/** The patient sends a pathology PDF and a DICOM image (labelled with their name) through presigned PUTs. */
export async function uploadRecords(api: ApiClient, patientToken: string, fullName: string): Promise<void> {
  for (const [itemId, fileName, contentType, bytes] of [
    ['pathology-report', 'pathology.pdf', 'application/pdf', makePdf(['Adenocarcinoma, grade 2, pT1N0M0.'])],
    ['imaging', 'ct.dcm', 'application/dicom', makeDicom({ patientName: dicomPersonName(fullName) })],
  ] as const) {
    await patientUploader(api, patientToken)(itemId, fileName, contentType, bytes);
  }
}

const direct =
  (api: ApiClient): Call =>
  (method, path, token, body) =>
    api.call(method, path, token, body);

/** The hospital uploads its written opinion (a real PDF) through a presigned PUT; returns the upload id. */
export async function uploadReport(
  api: ApiClient,
  caseId: string,
  hospitalToken: string,
  hospitalCall: Call = direct(api),
): Promise<string> {
  const report = makePdf(['Second opinion.', 'The current treatment plan is appropriate.']);
  const upload = await hospitalCall('POST', `/relay/cases/${caseId}/report-uploads`, hospitalToken, {
    fileName: 'opinion.pdf',
    contentType: 'application/pdf',
    size: report.length,
  });
  if (upload.status !== 201) throw new Error(`report upload refused: ${JSON.stringify(upload.body)}`);
  const put = await putPresigned(upload.body as never, report);
  if (put.status !== 200) throw new Error(`storage refused the report: ${put.status}`);
  return upload.body.uploadId as string;
}

/** The hospital sends the uploaded report with its structured opinion: one attempt, answered as it is. */
export function postReport(
  api: ApiClient,
  caseId: string,
  hospitalToken: string,
  uploadId: string,
  hospitalCall: Call = direct(api),
): Promise<ApiResponse> {
  return hospitalCall('POST', `/relay/cases/${caseId}/report`, hospitalToken, {
    uploadId,
    specialist: { name: 'Dr. Sample Specialist', department: 'Oncology' },
    language: 'en',
    opinion: sampleOpinion(),
  });
}

/**
 * The hospital uploads its report and sends it (asked again until the workflow waits for it);
 * then the coordinator writes the summary once the case awaits it, and the case completes.
 * `hospitalCall` lets a caller honour 429s its own way.
 */
export async function finishCase(
  api: ApiClient,
  caseId: string,
  tokens: { hospital: string; coordinator: string },
  options: { hospitalCall?: Call; timeoutMs?: number; plainLanguageSummary?: string } = {},
): Promise<void> {
  const hospitalCall = options.hospitalCall ?? direct(api);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const uploadId = await uploadReport(api, caseId, tokens.hospital, hospitalCall);
  await waitFor(
    'the report accepted',
    async () => {
      const sent = await postReport(api, caseId, tokens.hospital, uploadId, hospitalCall);
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
    plainLanguageSummary: options.plainLanguageSummary ?? 'Summary.',
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

import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { remoteReviewLimitIds } from '../functions/core/opinion';
import { ApiClient, type ApiResponse, putPresigned, waitFor } from './api-client';
import { patientUpload } from './case-steps';
import { paidReview } from './demo-payment';
import { deliverPortalCase, finishPortalCase } from './demo-portal';
import { makeDicom, makePdf, sampleOpinion, sampleTreatmentHistory } from './fixtures';
import type { Endpoints } from './local/backend';
import { projectRoot } from './local/backend';

/**
 * `npm run demo`: one scripted case from intake to the patient's report, against the backend
 * that `npm start` is running (or the one whose endpoints.json ENDPOINTS_FILE names). Every step is a real HTTP call or a real presigned upload.
 * The patient is invented; no real person's data is used.
 */
const endpointsFile = process.env.ENDPOINTS_FILE ?? join(projectRoot, '.local', 'endpoints.json');

async function loadEndpoints(): Promise<Endpoints> {
  try {
    return JSON.parse(await readFile(endpointsFile, 'utf8')) as Endpoints;
  } catch {
    console.error(`No ${endpointsFile}: start the backend first with \`npm start\` in another terminal.`);
    process.exit(1);
  }
}

const endpoints = await loadEndpoints();
const api = new ApiClient(endpoints.apiUrl);
try {
  await fetch(endpoints.apiUrl);
} catch {
  console.error(`The backend at ${endpoints.apiUrl} does not answer: is \`npm start\` still running?`);
  process.exit(1);
}

let stepNumber = 0;
const step = (text: string) => console.log(`\n${String(++stepNumber).padStart(2, ' ')}. ${text}`);
const detail = (text: string) => console.log(`    ${text}`);
const expect = <T>(response: ApiResponse<T>, status: number, what: string): T => {
  if (response.status !== status) {
    console.error(
      `    ✗ ${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`,
    );
    process.exit(1);
  }
  return response.body;
};
const started = Date.now();
/** The demo patient's birth date, stated on the case and in the CT's header (which the intake compares). */
const DEMO_BIRTH_DATE = '1975-05-14';
const coordinator = endpoints.coordinatorToken;
const hospital = endpoints.hospitals[0]!;

step('A coordinator opens a breast-cancer case (POST /cases).');
const created = expect(
  await api.call('POST', '/cases', coordinator, {
    patient: {
      fullName: 'Amina Demo-Patient',
      email: 'amina.demo@example.org',
      dateOfBirth: DEMO_BIRTH_DATE,
      country: 'Kenya',
      language: 'en',
    },
    cancerType: 'breast',
    question: 'Is my HER2-targeted plan the best option, or should I travel for treatment?',
  }),
  201,
  'open case',
);
detail(`case ${created.caseId}; the patient gets the link ${created.patientLink.replace(/#.*/, '#<token>')}`);
for (const item of created.checklist as { title: string; required: boolean }[]) {
  detail(`checklist: ${item.title}${item.required ? '' : ' (recommended)'}`);
}
const patientToken = created.patientToken as string;

const upload = async (itemId: string, fileName: string, contentType: string, bytes: Buffer) => {
  const issued = await patientUpload(api, patientToken, { itemId, fileName, contentType, bytes });
  detail(
    `${fileName}: ${bytes.length} bytes sent straight to storage (link valid until ${issued.expiresAt})`,
  );
};

step('The patient uploads a pathology report (PDF) and a CT image (DICOM) through presigned links.');
await upload(
  'pathology-report',
  'pathology-report.pdf',
  'application/pdf',
  makePdf([
    'Pathology report (demo)',
    'Invasive ductal carcinoma, grade 2, pT2N1M0',
    'ER positive (95%), PR positive (60%), HER2 3+ (IHC), Ki-67 25%',
  ]),
);
await upload(
  'imaging',
  'ct-chest.dcm',
  'application/dicom',
  makeDicom({ patientName: 'Demo-Patient^Amina', patientBirthDate: DEMO_BIRTH_DATE.replaceAll('-', '') }),
);

step('Each file is validated from its first bytes as it lands.');
const accepted = await waitFor('validation', async () => {
  const view = (await api.call('GET', '/patient/case', patientToken)).body;
  const items = view.checklist as { itemId: string; status: string }[];
  return items.filter((item) => item.status === 'accepted').length >= 2 ? items : undefined;
});
for (const item of accepted) detail(`${item.itemId}: ${item.status}`);
const reviewed = (await api.call('GET', `/cases/${created.caseId}`, coordinator)).body;
const diagnosis = reviewed.diagnosis as {
  histology?: string;
  grade?: string;
  stage?: string;
  markers: { name: string; result: string }[];
};
detail(
  `read from the pathology report: ${diagnosis.histology}, ${diagnosis.grade}, ${diagnosis.stage}; ${diagnosis.markers.map((m) => `${m.name} ${m.result}`).join(', ')}`,
);
for (const study of reviewed.imaging.studies as {
  studyDate?: string;
  modalities: string[];
  series: unknown[];
}[]) {
  detail(`imaging: ${study.modalities.join('/')} study of ${study.studyDate}, ${study.series.length} series`);
}

step('By mistake the patient also uploads a relative’s CT: it is kept, but the case may not go on.');
const strangerCt = await patientUpload(api, patientToken, {
  itemId: 'imaging',
  fileName: 'ct-mother.dcm',
  contentType: 'application/dicom',
  bytes: makeDicom({
    patientName: 'Demo-Patient^Halima',
    patientBirthDate: '19490302',
    sopInstanceUid: '1.2.826.0.1.3680043.8.498.9001',
  }),
});
const identityGap = await waitFor('the identity check', async () => {
  const view = (await api.call('GET', `/cases/${created.caseId}`, coordinator)).body;
  return (view.gaps as { gapId: string; severity: string; message: string }[]).find(
    (gap) => gap.gapId === `identity:${String(strangerCt.documentId)}`,
  );
});
detail(`${identityGap.severity} gap: ${identityGap.message}`);
expect(
  await api.call(
    'POST',
    `/cases/${created.caseId}/documents/${String(strangerCt.documentId)}/remove`,
    coordinator,
    {
      reason: 'The patient’s mother’s CT, uploaded by mistake.',
    },
  ),
  200,
  'remove the other patient’s CT',
);
detail('the coordinator removed it: it will never reach the hospital; its bytes are kept');

step('The patient fills in the treatment history and consents to share with the hospital.');
expect(
  await api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory()),
  200,
  'treatment history',
);
expect(
  await api.call('POST', '/patient/consent', patientToken, {
    hospitalId: hospital.hospitalId,
    accepted: true,
    acknowledgedLimits: remoteReviewLimitIds,
    fullName: 'Amina Demo-Patient',
  }),
  200,
  'consent',
);
const ready = (await api.call('GET', `/cases/${created.caseId}`, coordinator)).body;
detail(`case status: ${ready.status}`);
for (const gap of ready.gaps as { severity: string; message: string }[])
  detail(`gap (${gap.severity}): ${gap.message}`);

step(`The coordinator submits the case to ${hospital.name}; the workflow starts.`);
expect(
  await api.call('POST', `/cases/${created.caseId}/submit`, coordinator, { hospitalId: hospital.hospitalId }),
  202,
  'submit',
);

step(
  'The workflow translates, builds the bilingual package, copies it to the hospital relay and notifies the hospital.',
);
await waitFor('delivery', async () => {
  const cases = (await api.call('GET', '/relay/cases', hospital.token)).body.cases as { caseId: string }[];
  return cases.find((entry) => entry.caseId === created.caseId);
});
detail('the hospital lists the case in GET /relay/cases');

step('The hospital pulls the package and checks every file against its SHA-256.');
const pkg = expect(
  await api.call('GET', `/relay/cases/${created.caseId}/package`, hospital.token),
  200,
  'package',
);
for (const file of pkg.files as { fileName: string; sha256: string; url: string; size: number }[]) {
  const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
  const ok = createHash('sha256').update(bytes).digest('hex') === file.sha256;
  detail(`${file.fileName}: ${bytes.length} bytes, sha256 ${ok ? 'verified' : 'MISMATCH'}`);
  if (!ok) process.exit(1);
}

const summaryFile = (pkg.files as { category: string; url: string }[]).find(
  (file) => file.category === 'summary',
);
if (summaryFile) {
  const demoDir = join(projectRoot, '.local', 'demo');
  await mkdir(demoDir, { recursive: true });
  await writeFile(
    join(demoDir, 'case-summary.pdf'),
    Buffer.from(await (await fetch(summaryFile.url)).arrayBuffer()),
  );
  detail(
    `the bilingual case summary is saved in .local/demo/case-summary.pdf (npm run render:summary draws page 1 as PNG)`,
  );
}

step('The hospital confirms receipt; the report deadline starts in its own calendar.');
const receipt = expect(
  await api.call('POST', `/relay/cases/${created.caseId}/receipt`, hospital.token, { complete: true }),
  200,
  'receipt',
);
detail(
  `report due ${receipt.deadline.dueAt} (${receipt.deadline.businessDays} business days, ${receipt.deadline.timeZone})`,
);

step('The hospital uploads its written opinion and records the outcome.');
const reportBytes = makePdf(['Second opinion (demo)', 'The current HER2-targeted plan is appropriate.']);
const reportUpload = expect(
  await api.call('POST', `/relay/cases/${created.caseId}/report-uploads`, hospital.token, {
    fileName: 'second-opinion.pdf',
    contentType: 'application/pdf',
    size: reportBytes.length,
  }),
  201,
  'report upload link',
);
await putPresigned(reportUpload as { url: string; headers: Record<string, string> }, reportBytes);
expect(
  await api.call('POST', `/relay/cases/${created.caseId}/report`, hospital.token, {
    uploadId: reportUpload.uploadId,
    language: 'en',
    opinion: sampleOpinion(),
    specialist: { name: 'Dr. Demo Specialist', department: 'Breast Oncology' },
  }),
  200,
  'report',
);

step('The coordinator writes the plain-language summary.');
await waitFor('awaiting summary', async () => {
  const view = (await api.call('GET', `/cases/${created.caseId}`, coordinator)).body;
  return view.status === 'awaiting-summary' ? true : undefined;
});
expect(
  await api.call('POST', `/cases/${created.caseId}/summary`, coordinator, {
    plainLanguageSummary:
      'The specialist agrees that your current treatment plan is the right one. You do not need to travel.',
  }),
  200,
  'summary',
);

step('The patient receives the report with the summary.');
const report = await waitFor('report delivery', async () => {
  const response = await api.call('GET', '/patient/report', patientToken);
  return response.status === 200 ? response.body : undefined;
});
const served = Buffer.from(await (await fetch(report.report.url)).arrayBuffer());
detail(`outcome: ${report.outcome}`);
detail(`summary: ${report.plainLanguageSummary}`);
detail(
  `report file: ${served.length} bytes, identical to what the hospital uploaded: ${served.equals(reportBytes)}`,
);

const final = (await api.call('GET', `/cases/${created.caseId}`, coordinator)).body;
step(`Case ${final.caseId} is ${final.status}. Timeline:`);
for (const event of final.timeline as { at: string; type: string; detail: string }[]) {
  detail(`${event.at}  ${event.type.padEnd(24)} ${event.detail}`);
}

await paidReview(api, endpoints, step, detail, expect);

console.log(
  `\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. The mail it sent: ${endpoints.mailboxUrl}`,
);

// The second case is for a person: the hospital's staff member receives it in the portal.
if (!process.argv.includes('--no-portal')) {
  step(
    `A second case, for the hospital portal: a lung-cancer case with two CT series, delivered to ${hospital.name}.`,
  );
  const portalCase = await deliverPortalCase(api, endpoints, detail);
  const staff = endpoints.users.find(
    (user) => user.role === 'hospital' && user.hospitalId === hospital.hospitalId,
  );
  detail(`case ${portalCase.caseId} is waiting for the hospital`);
  detail(`open the hospital portal: ${endpoints.hospitalPortalUrl}`);
  detail(`sign in as ${staff?.email} with password ${staff?.password} (also in the npm start banner)`);
  detail(
    'open the case, look through its images, confirm receipt, then Write opinion and send it with a PDF',
  );
  step(
    'Waiting for the hospital’s opinion from the portal (up to 30 minutes; Ctrl-C stops the demo, not the case).',
  );
  await finishPortalCase(api, endpoints, portalCase.caseId, portalCase.patientToken, detail, 30 * 60_000);
  console.log('\nThe portal case is done: the patient has the report.');
}

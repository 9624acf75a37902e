import type { CaseAggregate, CaseRecord } from '../functions/core/case/record';
import { readDicomHeader } from '../functions/core/dicom';
import type { Hospital } from '../functions/core/hospital';
import { buildSummaryData } from '../functions/core/package-content';
import type { SummaryData } from '../functions/core/summary-pdf';
import type { Terminology } from '../functions/core/terminology';
import { makeDicom } from './fixtures';
import { sampleHospitals } from './local/sample-hospitals';

/**
 * A realistic case for the summary PDF's review and tests: Chinese terms in every section
 * (histology, stage with TNM, markers, neoadjuvant and targeted treatments with their
 * responses, tumor markers, documents) and a machine-translated Chinese question.
 */
export function sampleSummaryCase(terms: Terminology, hospital: Hospital = sampleHospitals[0]!): SummaryData {
  const caseId = 'case_summarysample01';
  const ct = makeDicom({ studyDate: '20261005' });
  const record: CaseRecord = {
    caseId,
    version: 7,
    status: 'routing',
    cancerType: 'breast',
    patient: {
      fullName: 'Amina Wanjiru Otieno',
      email: 'amina@example.org',
      dateOfBirth: '1975-05-14',
      country: 'Kenya',
      language: 'en',
    },
    question:
      'After neoadjuvant chemotherapy and surgery I now take trastuzumab and letrozole. Is this the best plan, or should I consider proton therapy or a clinical trial?',
    expedited: false,
    createdAt: '2026-11-01T08:00:00Z',
    updatedAt: '2026-12-02T10:04:00Z',
    submission: 1,
    callbacks: {},
    treatmentHistory: {
      surgeries: [
        {
          procedure: 'Left lumpectomy, sentinel lymph node biopsy',
          date: '2026-07-20',
          outcome: 'Clear margins',
        },
      ],
      chemotherapy: [
        {
          regimen: 'Neoadjuvant chemotherapy',
          drugs: [
            { name: 'docetaxel', dose: 75, unit: 'mg/m2' },
            { name: 'trastuzumab', dose: 6, unit: 'mg/kg' },
            { name: 'pertuzumab', dose: 420, unit: 'mg' },
          ],
          cycles: 6,
          startDate: '2026-02-10',
          endDate: '2026-06-25',
          response: 'partial-response',
        },
      ],
      radiation: [
        {
          target: 'Left breast',
          doseGy: 50,
          fractions: 25,
          startDate: '2026-08-24',
          endDate: '2026-09-28',
          response: 'not-assessed',
        },
      ],
      systemicTherapies: [
        {
          kind: 'targeted',
          drugs: ['trastuzumab', 'pertuzumab'],
          trialId: null,
          startDate: '2026-08-01',
          endDate: null,
          response: 'stable-disease',
        },
        {
          kind: 'hormonal',
          drugs: ['letrozole'],
          trialId: null,
          startDate: '2026-10-01',
          endDate: null,
          response: 'not-assessed',
        },
      ],
      breaks: [],
      tumorMarkers: [
        { name: 'CA 15-3', value: 28, unit: 'U/mL', date: '2026-10-01' },
        { name: 'CEA', value: 3.1, unit: 'ng/mL', date: '2026-10-01' },
      ],
      latestImagingDate: '2026-10-05',
      currentPlan: null,
    },
    diagnosis: {
      histology: 'invasive ductal carcinoma',
      subtype: 'HER2-positive',
      grade: 'grade 3',
      stage: 'cT3 N2 M0, stage IIIA; ypT1b N0',
      markers: [
        { name: 'ER', result: 'positive (90%)' },
        { name: 'PR', result: 'negative' },
        { name: 'HER2', result: '3+' },
        { name: 'Ki-67', result: '40%' },
      ],
      source: { kind: 'extracted', documentId: 'doc_pathology0001' },
    },
  };
  const aggregate: CaseAggregate = {
    record,
    documents: [
      {
        caseId,
        documentId: 'doc_ct0000000001',
        itemId: 'imaging',
        fileName: 'ct-chest-2026-10-05.dcm',
        contentType: 'application/dicom',
        declaredSize: ct.length,
        status: 'accepted',
        intakeKey: 'k',
        dicom: readDicomHeader(ct, ct.length),
        createdAt: '2026-11-02T00:00:00Z',
        updatedAt: '2026-11-02T00:00:00Z',
      },
    ],
    timeline: [],
  };
  return buildSummaryData({
    aggregate,
    hospital,
    terms,
    question: {
      original: record.question,
      translated:
        '新辅助化疗和手术后，我目前在使用曲妥珠单抗和来曲唑。这是最佳方案吗？还是我应该考虑质子治疗或临床试验？',
      note: 'Machine translation (draft), not certified. 机器翻译草稿，未经认证。',
    },
    generatedAt: '2026-12-02T10:04:31.512Z',
    documents: [
      {
        fileName: 'pathology-report-2026-07-20.pdf',
        category: { en: 'Pathology report', zh: '病理报告' },
        size: 284_113,
        sha256: '3f'.repeat(32),
      },
      {
        fileName: 'pathology-report-2026-07-20.zh.txt',
        category: { en: 'Translation (machine draft)', zh: '翻译（机器草稿）' },
        size: 6_204,
        sha256: 'a1'.repeat(32),
      },
      {
        fileName: 'ct-chest-2026-10-05.dcm',
        category: { en: 'Imaging', zh: '影像资料' },
        size: ct.length,
        sha256: '9c'.repeat(32),
      },
      {
        fileName: 'treatment-summary.pdf',
        category: { en: 'Treatment history', zh: '治疗史' },
        size: 91_550,
        sha256: '07'.repeat(32),
      },
      {
        fileName: 'blood-work-2026-10-01.pdf',
        category: { en: 'Blood work and tumor markers', zh: '血液检查与肿瘤标志物' },
        size: 48_020,
        sha256: 'e4'.repeat(32),
      },
    ],
    translationsNote:
      'Structured fields are translated with the oncology terminology; documents in English have a machine-draft Chinese translation. 结构化字段依据肿瘤学术语表翻译；英文文件附机器翻译草稿。',
  });
}

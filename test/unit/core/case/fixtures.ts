import { type CaseRecord, newCase, type ReportRecord } from '../../../../functions/core/case/record';
import type { Hospital } from '../../../../functions/core/hospital';

/** A case as opened on 2 March 2027, with whatever a test adds. */
export const caseWith = (overrides: Partial<CaseRecord> = {}): CaseRecord => ({
  ...newCase({
    caseId: 'case_aaaaaaaaaaaa',
    cancerType: 'lung',
    patient: {
      fullName: 'Test Person',
      email: 't@example.org',
      dateOfBirth: '1970-01-01',
      country: 'KE',
      language: 'en',
    },
    question: 'q',
    at: '2027-03-02T01:00:00.000Z',
  }),
  ...overrides,
});

export const hospital: Hospital = {
  hospitalId: 'hosp-a',
  sample: true,
  name: 'Sample Cancer Hospital',
  type: 'cancer-specialty',
  city: 'Guangzhou',
  timeZone: 'Asia/Shanghai',
  calendar: 'CN',
  cancerTypes: ['lung'],
  modalities: [],
  acceptsEnglishRecords: true,
  requiresCertifiedTranslation: false,
  certifiedTranslationOf: [],
  turnaroundBusinessDays: 5,
  expedited: { businessDays: 3, feeUsd: 0 },
  contactEmail: 'ipd@hospital.example',
  relayRegion: 'ap-east-1',
};

/** A report received on 5 March 2027 that agrees with the staging and recommends surgery. */
export const reportRecord: ReportRecord = {
  uploadId: 'rpt_aaaaaaaaaaaa',
  recordsKey: 'k',
  fileName: 'opinion.pdf',
  size: 10,
  sha256: 'ab',
  outcome: 'current-plan-optimal',
  specialist: { name: 'Dr Li', department: 'Thoracic oncology' },
  receivedAt: '2027-03-05T01:00:00.000Z',
  language: 'en',
  opinion: {
    outcome: 'current-plan-optimal',
    stagingAgreement: { agrees: true },
    recommendedPath: 'surgery',
    optionsRecommended: [],
    limitsNoted: [],
  },
};

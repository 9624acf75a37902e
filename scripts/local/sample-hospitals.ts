import type { Hospital } from '../../functions/core/hospital';
import { cancerTypes } from '../../functions/core/vocabulary';
import { deploymentContext } from './deployment-context';

/**
 * SAMPLE DATA for the local backend: invented hospitals with `.example` contacts. They
 * exist so a case can be routed end to end; they are not real institutions' details.
 */
export const sampleHospitals: readonly Hospital[] = [
  {
    hospitalId: 'hosp_sample01shanghai',
    name: 'Sample Cancer Hospital A (Shanghai) [sample]',
    type: 'cancer-specialty',
    city: 'Shanghai',
    timeZone: 'Asia/Shanghai',
    calendar: 'CN',
    cancerTypes: [...cancerTypes],
    modalities: [
      'surgery',
      'radiotherapy',
      'chemotherapy',
      'targeted-therapy',
      'immunotherapy',
      'clinical-trials',
    ],
    certifiedTranslationOf: [],
    acceptsEnglishRecords: true,
    requiresCertifiedTranslation: false,
    turnaroundBusinessDays: 5,
    expedited: { businessDays: 3, feeUsd: 300 },
    contactEmail: 'ipd@hospital-a.example',
    relayRegion: deploymentContext.relayRegion,
    sample: true,
  },
  {
    hospitalId: 'hosp_sample02beijing',
    name: 'Sample Cancer Hospital B (Beijing) [sample]',
    type: 'cancer-specialty',
    city: 'Beijing',
    timeZone: 'Asia/Shanghai',
    calendar: 'CN',
    cancerTypes: ['lung', 'esophageal', 'gastric', 'colorectal', 'liver', 'pancreatic', 'other'],
    modalities: ['surgery', 'chemotherapy', 'interventional-oncology', 'clinical-trials'],
    acceptsEnglishRecords: false,
    requiresCertifiedTranslation: true,
    certifiedTranslationOf: ['pathology-report'],
    turnaroundBusinessDays: 7,
    expedited: null,
    contactEmail: 'international@hospital-b.example',
    relayRegion: deploymentContext.relayRegion,
    sample: true,
  },
  {
    hospitalId: 'hosp_sample03guangzhou',
    name: 'Sample Proton Therapy Centre C (Guangzhou) [sample]',
    type: 'modality-centre',
    city: 'Guangzhou',
    timeZone: 'Asia/Shanghai',
    calendar: 'CN',
    cancerTypes: ['nasopharyngeal', 'breast', 'lung', 'liver', 'other'],
    modalities: ['radiotherapy', 'proton-therapy'],
    certifiedTranslationOf: [],
    acceptsEnglishRecords: true,
    requiresCertifiedTranslation: false,
    turnaroundBusinessDays: 4,
    expedited: { businessDays: 3, feeUsd: 450 },
    contactEmail: 'referrals@centre-c.example',
    relayRegion: deploymentContext.relayRegion,
    sample: true,
  },
];

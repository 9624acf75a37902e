import { createHash } from 'node:crypto';
import type { CaseAggregate, DocumentRecord } from './case/record';
import type { DicomSummary } from './dicom';
import type { Hospital } from './hospital';
import { buildImagingIndex } from './imaging-index';
import type { Bilingual, SummaryData } from './summary-pdf';
import type { Terminology } from './terminology';
import type { ItemId } from './vocabulary';

const CATEGORY: Record<ItemId | 'summary' | 'manifest' | 'translation' | 'certified-translation', Bilingual> =
  {
    'pathology-report': { en: 'Pathology report', zh: '病理报告' },
    imaging: { en: 'Imaging', zh: '影像资料' },
    'treatment-history': { en: 'Treatment history', zh: '治疗史' },
    'tumor-markers': { en: 'Blood work and tumor markers', zh: '血液检查与肿瘤标志物' },
    summary: { en: 'Case summary', zh: '病例摘要' },
    manifest: { en: 'Manifest', zh: '文件清单' },
    translation: { en: 'Translation (machine draft)', zh: '翻译（机器草稿）' },
    'certified-translation': { en: 'Certified translation', zh: '认证翻译' },
  };

const CANCER_TYPE_TERMS: Record<string, string> = {
  breast: 'breast cancer',
  lung: 'lung cancer',
  colorectal: 'colorectal cancer',
  gastric: 'gastric cancer',
  esophageal: 'esophageal cancer',
  liver: 'liver cancer',
  pancreatic: 'pancreatic cancer',
  nasopharyngeal: 'nasopharyngeal carcinoma',
  other: 'other',
};

export type PackageCategory = keyof typeof CATEGORY;
export const categoryLabel = (category: PackageCategory): Bilingual => CATEGORY[category];

const period = (start: string, end?: string | null) => (end ? `${start} – ${end}` : `${start} –`);

/** Assembles what the bilingual summary shows, translating structured fields by the terminology only. */
export function buildSummaryData(input: {
  aggregate: CaseAggregate;
  hospital: Hospital;
  terms: Terminology;
  question: { original: string; translated: string; note: string };
  generatedAt: string;
  documents: SummaryData['documents'];
  translationsNote: string;
}): SummaryData {
  const { record, documents } = input.aggregate;
  const t = (text: string): Bilingual => input.terms.translate(text);
  const history = record.treatmentHistory;
  const treatments: SummaryData['treatments'][number][] = [];
  for (const surgery of history?.surgeries ?? []) {
    treatments.push({
      kind: t('surgery'),
      what: t(surgery.procedure),
      dates: surgery.date,
      response: t(surgery.outcome ?? ''),
    });
  }
  for (const course of history?.chemotherapy ?? []) {
    const drugs = course.drugs.map((drug) => `${drug.name} ${drug.dose} ${drug.unit}`).join(', ');
    treatments.push({
      kind: t('chemotherapy'),
      what: t(`${course.regimen}: ${drugs}, ${course.cycles} cycles`),
      dates: period(course.startDate, course.endDate),
      response: t(course.response),
    });
  }
  for (const course of history?.radiation ?? []) {
    treatments.push({
      kind: t('radiotherapy'),
      what: t(`${course.target}, ${course.doseGy} Gy, ${course.fractions} fractions`),
      dates: period(course.startDate, course.endDate),
      response: t(course.response),
    });
  }
  for (const course of history?.systemicTherapies ?? []) {
    const kind = {
      immunotherapy: 'immunotherapy',
      targeted: 'targeted therapy',
      'clinical-trial': 'clinical trial',
      hormonal: 'hormonal therapy',
      other: 'other',
    }[course.kind];
    treatments.push({
      kind: t(kind),
      what: t([course.drugs.join(', '), course.trialId].filter(Boolean).join(', ') || kind),
      dates: period(course.startDate, course.endDate),
      response: t(course.response),
    });
  }
  treatments.sort((a, b) => a.dates.localeCompare(b.dates));
  const diagnosis = record.diagnosis;
  return {
    caseId: record.caseId,
    submission: record.submission,
    generatedAt: input.generatedAt,
    hospitalName: input.hospital.name,
    patient: {
      fullName: record.patient.fullName,
      dateOfBirth: record.patient.dateOfBirth,
      country: record.patient.country,
    },
    cancerType: t(CANCER_TYPE_TERMS[record.cancerType] ?? record.cancerType),
    question: input.question,
    ...(diagnosis
      ? {
          diagnosis: {
            ...(diagnosis.histology ? { histology: t(diagnosis.histology) } : {}),
            ...(diagnosis.subtype ? { subtype: t(diagnosis.subtype) } : {}),
            ...(diagnosis.grade ? { grade: t(diagnosis.grade) } : {}),
            ...(diagnosis.stage ? { stage: t(diagnosis.stage) } : {}),
            markers: diagnosis.markers.map((marker) => ({ name: marker.name, result: t(marker.result) })),
            source:
              diagnosis.source.kind === 'coordinator'
                ? 'Confirmed by the coordinator / 协调员确认'
                : 'Read from the pathology report / 摘自病理报告',
          },
        }
      : {}),
    treatments,
    tumorMarkers: [...(history?.tumorMarkers ?? [])]
      .sort((a, b) => b.date.localeCompare(a.date))
      .map((marker) => ({ name: marker.name, value: `${marker.value} ${marker.unit}`, date: marker.date })),
    imaging: buildImagingIndex(
      documents
        .filter((doc) => doc.status === 'accepted' && doc.dicom)
        .map((doc) => doc.dicom as DicomSummary),
    ),
    documents: input.documents,
    translationsNote: input.translationsNote,
  };
}

export interface ManifestFile {
  readonly fileId: string;
  readonly fileName: string;
  readonly category: string;
  readonly size: number;
  readonly sha256: string;
  readonly dicom?: { readonly studyInstanceUid: string; readonly seriesInstanceUid: string };
  /**
   * A PDF delivered as a rewritten copy without its active content: what was removed, and the
   * size and SHA-256 of the upload as it arrived (kept in quarantine, not delivered).
   */
  readonly disarmed?: {
    readonly removed: readonly string[];
    readonly original: { readonly size: number; readonly sha256: string };
    readonly note: string;
  };
}

export interface Manifest {
  readonly caseId: string;
  readonly submission: number;
  readonly generatedAt: string;
  readonly files: readonly ManifestFile[];
  /** SHA-256 over the canonical JSON of `files`: one value that vouches for the whole package. */
  readonly packageDigest: string;
}

/** Canonical JSON: keys sorted at every level, so the digest is reproducible by anyone. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function buildManifest(
  caseId: string,
  submission: number,
  generatedAt: string,
  files: readonly ManifestFile[],
): Manifest {
  const packageDigest = createHash('sha256').update(canonicalJson(files)).digest('hex');
  return { caseId, submission, generatedAt, files, packageDigest };
}

/** The accepted documents a hospital wants in certified Chinese translation before delivery. */
export function certifiedTranslationRequired(
  hospital: Pick<Hospital, 'requiresCertifiedTranslation' | 'certifiedTranslationOf'>,
  documents: readonly DocumentRecord[],
): string[] {
  const items = hospital.requiresCertifiedTranslation ? (hospital.certifiedTranslationOf ?? []) : [];
  return documents
    .filter((doc) => doc.status === 'accepted' && items.includes(doc.itemId))
    .map((doc) => doc.documentId);
}

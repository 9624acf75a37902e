import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { CaseAggregate, DocumentRecord } from './case/record';
import type { Hospital } from './hospital';
import { documentsImagingIndex } from './imaging-index';
import type { Bilingual, SummaryData } from './summary-pdf';
import type { Terminology } from './terminology';
import type { CancerType, responses, systemicTherapyKinds } from './vocabulary';

/**
 * The English the summary shows for the contract's vocabulary ids (never the id itself); the
 * Chinese is the terminology's, except where it has no term for the English.
 */
const VOCABULARY_LABELS = {
  cancerType: {
    breast: 'Breast cancer',
    lung: 'Lung cancer',
    colorectal: 'Colorectal cancer',
    gastric: 'Gastric cancer',
    esophageal: 'Esophageal cancer',
    liver: 'Liver cancer',
    pancreatic: 'Pancreatic cancer',
    nasopharyngeal: 'Nasopharyngeal carcinoma',
    other: { en: 'Other cancer', zh: '其他癌症' },
  },
  response: {
    'complete-response': 'Complete response',
    'partial-response': 'Partial response',
    'stable-disease': 'Stable disease',
    'progressive-disease': 'Progressive disease',
    'not-assessed': 'Not assessed',
  },
  treatment: {
    surgery: 'Surgery',
    chemotherapy: 'Chemotherapy',
    radiotherapy: 'Radiotherapy',
    immunotherapy: 'Immunotherapy',
    targeted: 'Targeted therapy',
    'clinical-trial': 'Clinical trial',
    hormonal: 'Hormonal therapy',
    other: { en: 'Other drug treatment', zh: '其他药物治疗' },
  },
} as const satisfies {
  cancerType: Record<CancerType, string | Bilingual>;
  response: Record<(typeof responses)[number], string | Bilingual>;
  treatment: Record<
    'surgery' | 'chemotherapy' | 'radiotherapy' | (typeof systemicTherapyKinds)[number],
    string | Bilingual
  >;
};
export type VocabularyKind = keyof typeof VOCABULARY_LABELS;

/** The summary's label for a vocabulary id, English and Chinese. */
export function vocabularyLabel<K extends VocabularyKind>(
  kind: K,
  id: keyof (typeof VOCABULARY_LABELS)[K],
  terms: Terminology,
): Bilingual {
  const label = VOCABULARY_LABELS[kind][id] as string | Bilingual;
  return typeof label === 'string' ? terms.translate(label) : { ...label, complete: true };
}

/**
 * TNM staging (pT2N1M0, cT3 N2 M1a, ypT1b) is an international code the specialist reads as
 * it is: prefixes c p y r a u, then T, N and M categories with their sub-letters.
 */
const TNM =
  /(?<![A-Za-z0-9])(?:[cpyrau]{0,3}(?:T(?:[0-4][a-d]?\d?|is|X|x)|N(?:[0-3][a-c]?|X|x)|M(?:[01][a-d]?|X|x))(?:\(\w+\))?)(?:\s*[cpyrau]{0,3}(?:N(?:[0-3][a-c]?|X|x)|M(?:[01][a-d]?|X|x))(?:\(\w+\))?)*(?![A-Za-z0-9])/g;
const CJK_EDGE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** Translates a field by the terminology, passing TNM codes through as complete. */
export function translateField(text: string, terms: Terminology): Bilingual {
  const codes = [...text.matchAll(TNM)];
  if (codes.length === 0) {
    const whole = terms.translate(text);
    return { ...whole, zh: tidy(whole.zh) };
  }
  let zh = '';
  let complete = true;
  let at = 0;
  const append = (piece: string) => {
    // A space between a code and Latin text, none where Chinese sits on either side.
    if (zh && piece && !CJK_EDGE.test(zh.at(-1)!) && !CJK_EDGE.test(piece.charAt(0))) zh += ' ';
    zh += piece;
  };
  for (const code of codes) {
    const before = text.slice(at, code.index);
    if (before.trim()) {
      const part = terms.translate(before);
      complete &&= part.complete;
      append(part.zh);
    }
    append(code[0]);
    at = code.index + code[0].length;
  }
  const rest = text.slice(at);
  if (rest.trim()) {
    const part = terms.translate(rest);
    complete &&= part.complete;
    append(part.zh);
  }
  return { en: text, zh: tidy(zh), complete };
}

/**
 * Chinese punctuation as Chinese is set: the terminology's "，" arrives followed by the
 * source's space, and a colon after Chinese is full width.
 */
const tidy = (zh: string) =>
  zh
    .replace(/(?<=[\u3400-\u9fff）]):\s*/g, '：')
    .replace(/([，；：。、（）])\s+/g, '$1')
    .trim();

/**
 * The terminology's Chinese terms that occur in `texts`, longest first: what a line may not
 * break inside, on paper or on the page.
 */
export function chineseTermsIn(texts: readonly string[], terms: Terminology): string[] {
  const all = texts.join('\n');
  const found = new Set<string>();
  for (const entry of terms.entries) {
    // One character cannot be broken; only longer terms need keeping whole.
    if ([...entry.zh].length > 1 && /[\u3400-\u9fff]/.test(entry.zh) && all.includes(entry.zh)) {
      found.add(entry.zh);
    }
  }
  return [...found].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** An instant as people in `timeZone` read it: "2026-12-02 18:04 (Asia/Shanghai, UTC+8)". */
export function localTime(instant: string, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(new Date(instant))) {
    parts[part.type] = part.value;
  }
  // Intl names the offset GMT+8, or plain GMT when there is none.
  const offset = (parts.timeZoneName ?? 'GMT').replace(/^GMT$/, 'GMT+0').replace(/^GMT/, 'UTC');
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${timeZone}, ${offset})`;
}

export { categoryLabel, type PackageCategory } from './package-categories';

const period = (start: string, end?: string | null) =>
  end ? `${start} – ${end}` : `${start} – ongoing / 至今`;

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
  const t = (text: string): Bilingual => translateField(text, input.terms);
  const kind = (id: keyof (typeof VOCABULARY_LABELS)['treatment']) =>
    vocabularyLabel('treatment', id, input.terms);
  const response = (id: keyof (typeof VOCABULARY_LABELS)['response']) =>
    vocabularyLabel('response', id, input.terms);
  const history = record.treatmentHistory;
  const treatments: SummaryData['treatments'][number][] = [];
  for (const surgery of history?.surgeries ?? []) {
    treatments.push({
      kind: kind('surgery'),
      what: t(surgery.procedure),
      dates: surgery.date,
      response: t(surgery.outcome ?? ''),
    });
  }
  for (const course of history?.chemotherapy ?? []) {
    const drugs = course.drugs.map((drug) => `${drug.name} ${drug.dose} ${drug.unit}`).join(', ');
    treatments.push({
      kind: kind('chemotherapy'),
      what: t(`${course.regimen}: ${drugs}, ${course.cycles} cycles`),
      dates: period(course.startDate, course.endDate),
      response: response(course.response),
    });
  }
  for (const course of history?.radiation ?? []) {
    treatments.push({
      kind: kind('radiotherapy'),
      what: t(`${course.target}, ${course.doseGy} Gy, ${course.fractions} fractions`),
      dates: period(course.startDate, course.endDate),
      response: response(course.response),
    });
  }
  for (const course of history?.systemicTherapies ?? []) {
    const label = kind(course.kind);
    const what = [course.drugs.join(', '), course.trialId].filter(Boolean).join(', ');
    treatments.push({
      kind: label,
      what: what ? t(what) : label,
      dates: period(course.startDate, course.endDate),
      response: response(course.response),
    });
  }
  treatments.sort((a, b) => a.dates.localeCompare(b.dates));
  const diagnosis = record.diagnosis;
  const summary: Omit<SummaryData, 'chineseTerms'> = {
    caseId: record.caseId,
    submission: record.submission,
    generatedAt: input.generatedAt,
    timeZone: input.hospital.timeZone,
    generatedAtLocal: localTime(input.generatedAt, input.hospital.timeZone),
    hospitalName: input.hospital.name,
    patient: {
      fullName: record.patient.fullName,
      dateOfBirth: record.patient.dateOfBirth,
      country: record.patient.country,
    },
    cancerType: vocabularyLabel('cancerType', record.cancerType, input.terms),
    question: input.question,
    ...(diagnosis
      ? {
          diagnosis: {
            ...(diagnosis.histology ? { histology: t(diagnosis.histology) } : {}),
            ...(diagnosis.subtype ? { subtype: t(diagnosis.subtype) } : {}),
            ...(diagnosis.grade ? { grade: t(diagnosis.grade) } : {}),
            ...(diagnosis.stage ? { stage: t(diagnosis.stage) } : {}),
            markers: diagnosis.markers.map((marker) => ({
              name: marker.name,
              label: t(marker.name),
              result: t(marker.result),
            })),
            source:
              diagnosis.source.kind === 'coordinator'
                ? 'Confirmed by the coordinator / 协调员确认'
                : diagnosis.source.kind === 'ocr'
                  ? `Read by OCR from a scan of the pathology report (confidence ${Math.round(diagnosis.source.confidence * 100)} %); check against the report / 经OCR识别自病理报告扫描件（置信度 ${Math.round(diagnosis.source.confidence * 100)}%），请以原件为准`
                  : 'Read from the pathology report / 摘自病理报告',
          },
        }
      : {}),
    treatments,
    tumorMarkers: [...(history?.tumorMarkers ?? [])]
      .sort((a, b) => b.date.localeCompare(a.date))
      .map((marker) => ({
        name: marker.name,
        label: t(marker.name),
        value: `${marker.value} ${marker.unit}`,
        date: marker.date,
      })),
    imaging: documentsImagingIndex(documents),
    documents: input.documents,
    translationsNote: input.translationsNote,
  };
  return { ...summary, chineseTerms: chineseTermsIn([JSON.stringify(summary)], input.terms) };
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
  /**
   * A DICOM data set that arrived without the Part 10 preamble, delivered with a preamble and
   * file meta group added; the upload as it arrived (size, SHA-256) is kept in quarantine.
   */
  readonly wrapped?: {
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

export { canonicalJson };

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

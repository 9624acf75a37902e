import { create as openFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import type { ImagingIndex } from './imaging-index';
import { label, MUTED, plain, type Row, SummaryWriter } from './summary-layout';

export interface Bilingual {
  readonly en: string;
  readonly zh: string;
  /** False when some words had no term and stayed in English. */
  readonly complete?: boolean;
}

/**
 * What the summary shows, the same for the PDF and the hospital's page (JSON-serialisable).
 * English comes first in every value, the Chinese from the terminology below it.
 */
export interface SummaryData {
  readonly caseId: string;
  readonly submission: number;
  /** The instant the package was built, ISO 8601 in UTC: for machines. */
  readonly generatedAt: string;
  /** The hospital's IANA time zone, in which people read every time of the summary. */
  readonly timeZone: string;
  /** `generatedAt` as the hospital reads it: "2026-12-02 18:04 (Asia/Shanghai, UTC+8)". */
  readonly generatedAtLocal: string;
  readonly hospitalName: string;
  readonly patient: { readonly fullName: string; readonly dateOfBirth: string; readonly country: string };
  readonly cancerType: Bilingual;
  readonly question: { readonly original: string; readonly translated: string; readonly note: string };
  readonly diagnosis?: {
    readonly histology?: Bilingual;
    readonly subtype?: Bilingual;
    readonly grade?: Bilingual;
    readonly stage?: Bilingual;
    /** `name` as found; `label` the marker's name in both languages. */
    readonly markers: readonly {
      readonly name: string;
      readonly label: Bilingual;
      readonly result: Bilingual;
    }[];
    readonly source: string;
  };
  readonly treatments: readonly {
    readonly kind: Bilingual;
    readonly what: Bilingual;
    readonly dates: string;
    readonly response: Bilingual;
  }[];
  /** `name` as the patient typed it; `label` the marker's name in both languages. */
  readonly tumorMarkers: readonly {
    readonly name: string;
    readonly label: Bilingual;
    readonly value: string;
    readonly date: string;
  }[];
  readonly imaging: ImagingIndex;
  readonly documents: readonly {
    readonly fileName: string;
    readonly category: Bilingual;
    readonly size: number;
    readonly sha256: string;
  }[];
  readonly translationsNote: string;
  /**
   * The terminology's Chinese terms that occur in this summary, longest first: no line breaks
   * inside one (nor between two that touch, 新辅助 + 化疗), in the PDF or on the page.
   */
  readonly chineseTerms: readonly string[];
}

/** Every label in English and Chinese. */
export const LABELS = {
  title: { en: 'Second-opinion case summary', zh: '第二诊疗意见病例摘要' },
  case: { en: 'Case', zh: '病例' },
  submission: { en: 'Submission', zh: '提交次数' },
  hospital: { en: 'Hospital', zh: '医院' },
  generated: { en: 'Generated', zh: '生成时间' },
  patient: { en: 'Patient', zh: '患者' },
  born: { en: 'Date of birth', zh: '出生日期' },
  country: { en: 'Country', zh: '国家' },
  cancerType: { en: 'Cancer type', zh: '癌症类型' },
  question: { en: "The patient's question", zh: '患者的问题' },
  diagnosis: { en: 'Diagnosis', zh: '诊断' },
  histology: { en: 'Histology', zh: '组织学类型' },
  subtype: { en: 'Subtype', zh: '亚型' },
  grade: { en: 'Grade', zh: '分级' },
  stage: { en: 'Stage', zh: '分期' },
  markers: { en: 'Markers', zh: '分子标志物' },
  marker: { en: 'Marker', zh: '标志物' },
  result: { en: 'Result', zh: '结果' },
  source: { en: 'Source', zh: '来源' },
  notStated: { en: 'not stated', zh: '未注明' },
  treatments: { en: 'Treatment timeline', zh: '治疗经过' },
  treatment: { en: 'Treatment', zh: '治疗' },
  details: { en: 'Regimen and details', zh: '方案与详情' },
  dates: { en: 'Dates', zh: '日期' },
  response: { en: 'Response or outcome', zh: '疗效或结果' },
  tumorMarkers: { en: 'Latest tumor markers', zh: '最近肿瘤标志物' },
  value: { en: 'Value', zh: '数值' },
  date: { en: 'Date', zh: '日期' },
  imaging: { en: 'Imaging index', zh: '影像索引' },
  study: { en: 'Study', zh: '检查' },
  series: { en: 'Series', zh: '序列' },
  bodyPart: { en: 'Body part', zh: '检查部位' },
  modality: { en: 'Modality', zh: '检查方式' },
  instances: { en: 'Images', zh: '图像数' },
  documents: { en: 'Document index and manifest', zh: '文件索引与清单' },
  file: { en: 'File', zh: '文件' },
  category: { en: 'Category', zh: '类别' },
  size: { en: 'Size (bytes)', zh: '大小（字节）' },
  page: { en: 'Page', zh: '页' },
  none: { en: 'none', zh: '无' },
  partial: { en: '* some words have no term and are shown in English', zh: '* 部分词语无对应术语，保留英文' },
  replaced: {
    en: 'Some characters typed by the patient cannot be shown in this font and appear as ?; the original is in the case record.',
    zh: '患者输入的部分字符无法以本字体显示，显示为?；原文见病例记录。',
  },
} as const satisfies Record<string, Bilingual>;

const both = (label: Bilingual) => `${label.en} / ${label.zh}`;

export class MissingGlyphError extends Error {
  constructor(readonly characters: string[]) {
    super(
      `the font has no glyph for: ${characters.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(', ')}`,
    );
    this.name = 'MissingGlyphError';
  }
}

/** Characters of `texts` the font cannot draw (whitespace aside). */
export function missingGlyphs(fontBytes: Uint8Array, texts: readonly string[]): string[] {
  const font = openFont(fontBytes);
  const missing = new Set<string>();
  for (const text of texts) {
    for (const char of text) {
      if (/\s/.test(char)) continue;
      if (!font.hasGlyphForCodePoint(char.codePointAt(0)!)) missing.add(char);
    }
  }
  return [...missing];
}

const studyDate = (date: string | undefined) =>
  date && /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}` : (date ?? '—');

/**
 * The bilingual case summary the hospital reads first, laid out as a referral letter. Every
 * string goes through one writer that records it, and the document is refused if the embedded
 * font lacks a glyph for any character drawn: a box or a blank in a medical summary is not
 * acceptable.
 */
export async function renderSummaryPdf(
  input: SummaryData,
  fontBytes: Buffer,
): Promise<{ pdf: Buffer; drawn: string[] }> {
  // What people typed (names, the question, file names) may be in a script the font lacks:
  // those characters are shown as "?" with a note, never as blanks. Labels and terms are
  // never replaced; a glyph missing there fails the render.
  const font = openFont(fontBytes);
  let replaced = false;
  const safe = (text: string) =>
    [...text]
      .map((char) => {
        if (/\s/.test(char) || font.hasGlyphForCodePoint(char.codePointAt(0)!)) return char;
        replaced = true;
        return '?';
      })
      .join('');
  const data = sanitise(input, safe);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    bufferPages: true,
    info: { Title: `Case ${data.caseId}`, Producer: 'oncology-second-opinion' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', fontBytes);
  doc.font('body');
  const w = new SummaryWriter(doc, data.chineseTerms ?? [], LABELS.notStated);
  const small = 8.5;
  const body = 9.5;

  w.paragraph({ text: LABELS.title.en, size: 17 }, 0);
  w.paragraph({ text: LABELS.title.zh, size: 15 }, 6);
  w.table(
    [
      {
        cells: [
          label(LABELS.case, small),
          plain(data.caseId, body),
          label(LABELS.hospital, small),
          plain(data.hospitalName, body),
        ],
      },
      {
        cells: [
          label(LABELS.submission, small),
          plain(String(data.submission), body),
          label(LABELS.generated, small),
          plain(data.generatedAtLocal, body),
        ],
      },
      {
        cells: [
          label(LABELS.patient, small),
          plain(data.patient.fullName, body),
          label(LABELS.born, small),
          plain(data.patient.dateOfBirth, body),
        ],
      },
      {
        cells: [
          label(LABELS.country, small),
          plain(data.patient.country, body),
          label(LABELS.cancerType, small),
          w.value(data.cancerType, body),
        ],
      },
    ],
    { stretch: [1, 3] },
  );

  w.heading(both(LABELS.question));
  w.paragraph({ text: data.question.original, size: body, prose: true }, 3);
  if (data.question.translated !== data.question.original) {
    w.paragraph({ text: data.question.translated, size: body + 0.5, prose: true }, 3);
  }
  w.paragraph({ text: data.question.note, size: 7.5, color: MUTED, prose: true });

  w.heading(both(LABELS.diagnosis));
  const diagnosis = data.diagnosis;
  if (diagnosis) {
    const row = (name: Bilingual, text: Bilingual | undefined) => ({
      cells: [label(name, small), w.value(text, body)],
    });
    w.table(
      [
        row(LABELS.histology, diagnosis.histology),
        ...(diagnosis.subtype ? [row(LABELS.subtype, diagnosis.subtype)] : []),
        row(LABELS.grade, diagnosis.grade),
        row(LABELS.stage, diagnosis.stage),
        { cells: [label(LABELS.source, small), plain(diagnosis.source, small)] },
      ],
      { stretch: [1], minimum: [84] },
    );
    w.y += 6;
    if (diagnosis.markers.length === 0) {
      w.paragraph({ text: `${both(LABELS.markers)}: ${both(LABELS.none)}`, size: body });
    } else {
      w.table(
        diagnosis.markers.map((marker) => ({
          cells: [w.value(marker.label, body), w.value(marker.result, body)],
        })),
        { stretch: [1], minimum: [84], header: [label(LABELS.markers, small), label(LABELS.result, small)] },
      );
    }
  } else {
    w.paragraph({ text: both(LABELS.notStated), size: body });
  }

  w.heading(both(LABELS.treatments));
  if (data.treatments.length === 0) w.paragraph({ text: both(LABELS.none), size: body });
  else {
    w.table(
      data.treatments.map((treatment) => ({
        cells: [
          w.value(treatment.kind, small),
          w.value(treatment.what, small),
          // A period on two lines, so the column stays narrow and the details get the room.
          plain(treatment.dates.replace(' – ', ' –\n'), small),
          w.value(treatment.response, small),
        ],
      })),
      {
        stretch: [1],
        header: [
          label(LABELS.treatment, small),
          label(LABELS.details, small),
          label(LABELS.dates, small),
          label(LABELS.response, small),
        ],
      },
    );
  }

  w.heading(both(LABELS.tumorMarkers));
  if (data.tumorMarkers.length === 0) w.paragraph({ text: both(LABELS.none), size: body });
  else {
    w.table(
      data.tumorMarkers.map((marker) => ({
        cells: [w.value(marker.label, small), plain(marker.value, small), plain(marker.date, small)],
      })),
      {
        stretch: [0],
        header: [label(LABELS.marker, small), label(LABELS.value, small), label(LABELS.date, small)],
      },
    );
  }

  w.heading(both(LABELS.imaging));
  if (data.imaging.studies.length === 0) w.paragraph({ text: both(LABELS.none), size: body });
  else {
    w.table(
      data.imaging.studies.flatMap((study): Row[] => [
        {
          span: plain(
            `${both(LABELS.study)}: ${studyDate(study.studyDate)} · ${study.studyInstanceUid}`,
            small,
          ),
          with: 'next',
        },
        ...study.series.map((series) => ({
          cells: [
            plain(series.seriesInstanceUid, small),
            plain(series.bodyPartExamined ?? '—', small),
            plain(series.modality ?? '—', small),
            plain(String(series.instances), small),
          ],
        })),
      ]),
      {
        stretch: [0],
        header: [
          label(LABELS.series, small),
          label(LABELS.bodyPart, small),
          label(LABELS.modality, small),
          label(LABELS.instances, small),
        ],
      },
    );
  }

  w.heading(both(LABELS.documents));
  if (data.documents.length === 0) w.paragraph({ text: both(LABELS.none), size: body });
  else {
    w.table(
      data.documents.flatMap((document): Row[] => [
        {
          cells: [
            plain(document.fileName, small),
            w.value(document.category, small),
            plain(String(document.size), small),
          ],
        },
        { span: plain(`SHA-256 ${document.sha256}`, 6.5, MUTED), with: 'previous' },
      ]),
      {
        stretch: [0],
        header: [label(LABELS.file, small), label(LABELS.category, small), label(LABELS.size, small)],
      },
    );
  }
  w.y += 8;
  w.paragraph({ text: data.translationsNote, size: 7.5, color: MUTED, prose: true });
  if (w.starred) {
    w.paragraph({
      text: `${LABELS.partial.en} / ${LABELS.partial.zh}`,
      size: 7.5,
      color: MUTED,
      prose: true,
    });
  }
  if (replaced) {
    w.paragraph({
      text: `${LABELS.replaced.en} / ${LABELS.replaced.zh}`,
      size: 7.5,
      color: MUTED,
      prose: true,
    });
  }
  w.footers(
    (page, count) =>
      `${data.caseId} · ${LABELS.page.en} ${page} / ${count} · 第 ${page} / ${count} ${LABELS.page.zh}`,
  );

  const missing = missingGlyphs(fontBytes, w.drawn);
  if (missing.length > 0) throw new MissingGlyphError(missing);
  doc.end();
  await finished;
  return { pdf: Buffer.concat(chunks), drawn: w.drawn };
}

/** Applies `safe` to every field people typed; terminology output and labels are left alone. */
function sanitise(data: SummaryData, safe: (text: string) => string): SummaryData {
  const bilingual = (text: Bilingual): Bilingual => ({ ...text, en: safe(text.en), zh: safe(text.zh) });
  return {
    ...data,
    hospitalName: safe(data.hospitalName),
    patient: {
      fullName: safe(data.patient.fullName),
      dateOfBirth: data.patient.dateOfBirth,
      country: safe(data.patient.country),
    },
    question: {
      original: safe(data.question.original),
      translated: safe(data.question.translated),
      note: data.question.note,
    },
    ...(data.diagnosis
      ? {
          diagnosis: {
            ...data.diagnosis,
            ...(data.diagnosis.histology ? { histology: bilingual(data.diagnosis.histology) } : {}),
            ...(data.diagnosis.subtype ? { subtype: bilingual(data.diagnosis.subtype) } : {}),
            ...(data.diagnosis.grade ? { grade: bilingual(data.diagnosis.grade) } : {}),
            ...(data.diagnosis.stage ? { stage: bilingual(data.diagnosis.stage) } : {}),
            markers: data.diagnosis.markers.map((marker) => ({
              name: safe(marker.name),
              label: bilingual(marker.label),
              result: bilingual(marker.result),
            })),
          },
        }
      : {}),
    treatments: data.treatments.map((row) => ({
      ...row,
      what: bilingual(row.what),
      response: bilingual(row.response),
      kind: bilingual(row.kind),
    })),
    tumorMarkers: data.tumorMarkers.map((marker) => ({
      name: safe(marker.name),
      label: bilingual(marker.label),
      value: safe(marker.value),
      date: marker.date,
    })),
    documents: data.documents.map((document) => ({ ...document, fileName: safe(document.fileName) })),
  };
}

import { create as openFont } from 'fontkit';
import PDFDocument from 'pdfkit';
import type { ImagingIndex } from './imaging-index';

export interface Bilingual {
  readonly en: string;
  readonly zh: string;
  /** False when some words had no term and stayed in English. */
  readonly complete?: boolean;
}

export interface SummaryData {
  readonly caseId: string;
  readonly submission: number;
  readonly generatedAt: string;
  readonly hospitalName: string;
  readonly patient: { readonly fullName: string; readonly dateOfBirth: string; readonly country: string };
  readonly cancerType: Bilingual;
  readonly question: { readonly original: string; readonly translated: string; readonly note: string };
  readonly diagnosis?: {
    readonly histology?: Bilingual;
    readonly subtype?: Bilingual;
    readonly grade?: Bilingual;
    readonly stage?: Bilingual;
    readonly markers: readonly { readonly name: string; readonly result: Bilingual }[];
    readonly source: string;
  };
  readonly treatments: readonly {
    readonly kind: Bilingual;
    readonly what: Bilingual;
    readonly dates: string;
    readonly response: Bilingual;
  }[];
  readonly tumorMarkers: readonly { readonly name: string; readonly value: string; readonly date: string }[];
  readonly imaging: ImagingIndex;
  readonly documents: readonly {
    readonly fileName: string;
    readonly category: Bilingual;
    readonly size: number;
    readonly sha256: string;
  }[];
  readonly translationsNote: string;
}

/** Every label in English and Chinese. */
export const LABELS = {
  title: { en: 'Second-opinion case summary', zh: '第二诊疗意见病例摘要' },
  case: { en: 'Case', zh: '病例' },
  hospital: { en: 'Hospital', zh: '医院' },
  generated: { en: 'Generated', zh: '生成时间' },
  patient: { en: 'Patient', zh: '患者' },
  born: { en: 'Date of birth', zh: '出生日期' },
  country: { en: 'Country', zh: '国家' },
  cancerType: { en: 'Cancer type', zh: '癌症类型' },
  question: { en: 'The patient’s question', zh: '患者的问题' },
  diagnosis: { en: 'Diagnosis', zh: '诊断' },
  histology: { en: 'Histology', zh: '组织学类型' },
  subtype: { en: 'Subtype', zh: '亚型' },
  grade: { en: 'Grade', zh: '分级' },
  stage: { en: 'Stage', zh: '分期' },
  markers: { en: 'Markers', zh: '分子标志物' },
  source: { en: 'Source', zh: '来源' },
  notStated: { en: 'not stated', zh: '未注明' },
  treatments: { en: 'Treatment timeline', zh: '治疗经过' },
  treatment: { en: 'Treatment', zh: '治疗' },
  dates: { en: 'Dates', zh: '日期' },
  response: { en: 'Response', zh: '疗效' },
  tumorMarkers: { en: 'Latest tumor markers', zh: '最近肿瘤标志物' },
  value: { en: 'Value', zh: '数值' },
  date: { en: 'Date', zh: '日期' },
  imaging: { en: 'Imaging index', zh: '影像索引' },
  study: { en: 'Study', zh: '检查' },
  series: { en: 'Series', zh: '序列' },
  modality: { en: 'Modality', zh: '检查方式' },
  instances: { en: 'Images', zh: '图像数' },
  documents: { en: 'Document index and manifest', zh: '文件索引与清单' },
  file: { en: 'File', zh: '文件' },
  category: { en: 'Category', zh: '类别' },
  size: { en: 'Size (bytes)', zh: '大小（字节）' },
  none: { en: 'none', zh: '无' },
  partial: { en: '* some words have no term and are shown in English', zh: '* 部分词语无对应术语，保留英文' },
  replaced: {
    en: 'Some characters typed by the patient cannot be shown in this font and appear as ?; the original is in the case record.',
    zh: '患者输入的部分字符无法以本字体显示，显示为?；原文见病例记录。',
  },
} as const satisfies Record<string, Bilingual>;

const both = (label: Bilingual) => `${label.en} / ${label.zh}`;
const value = (text: Bilingual | undefined) =>
  text ? `${text.en} — ${text.zh}${text.complete === false ? ' *' : ''}` : both(LABELS.notStated);

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

/**
 * The bilingual case summary the hospital reads first. Every string goes through one writer
 * that records it, and the document is refused if the embedded font lacks a glyph for any
 * character drawn: a box or a blank in a medical summary is not acceptable.
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
    info: { Title: `Case ${data.caseId}`, Producer: 'oncology-second-opinion' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('body', fontBytes);
  doc.font('body');
  const drawn: string[] = [];
  const write = (text: string, size = 10, options: PDFKit.Mixins.TextOptions = {}) => {
    drawn.push(text);
    doc.fontSize(size).text(text, options);
  };
  const heading = (label: Bilingual) => {
    doc.moveDown(0.6);
    write(both(label), 13);
    doc.moveDown(0.2);
  };
  const row = (cells: string[], widths: number[], size = 8.5) => {
    const top = doc.y;
    let x = doc.page.margins.left;
    let bottom = top;
    cells.forEach((cell, index) => {
      drawn.push(cell);
      doc.fontSize(size).text(cell, x, top, { width: widths[index]! - 6 });
      bottom = Math.max(bottom, doc.y);
      x += widths[index]!;
    });
    doc.x = doc.page.margins.left;
    doc.y = bottom + 3;
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
  };

  write(both(LABELS.title), 18);
  write(
    `${both(LABELS.case)}: ${data.caseId} (${data.submission})   ${both(LABELS.hospital)}: ${data.hospitalName}   ${both(LABELS.generated)}: ${data.generatedAt}`,
    8.5,
  );
  doc.moveDown(0.4);
  write(`${both(LABELS.patient)}: ${data.patient.fullName}`, 11);
  write(
    `${both(LABELS.born)}: ${data.patient.dateOfBirth}   ${both(LABELS.country)}: ${data.patient.country}`,
  );
  write(`${both(LABELS.cancerType)}: ${value(data.cancerType)}`);

  heading(LABELS.question);
  write(data.question.original);
  if (data.question.translated !== data.question.original) write(data.question.translated);
  write(data.question.note, 8);

  heading(LABELS.diagnosis);
  if (data.diagnosis) {
    write(`${both(LABELS.histology)}: ${value(data.diagnosis.histology)}`);
    if (data.diagnosis.subtype) write(`${both(LABELS.subtype)}: ${value(data.diagnosis.subtype)}`);
    write(`${both(LABELS.grade)}: ${value(data.diagnosis.grade)}`);
    write(`${both(LABELS.stage)}: ${value(data.diagnosis.stage)}`);
    write(`${both(LABELS.markers)}:`);
    if (data.diagnosis.markers.length === 0) write(`  ${both(LABELS.none)}`);
    for (const marker of data.diagnosis.markers) write(`  ${marker.name}: ${value(marker.result)}`);
    write(`${both(LABELS.source)}: ${data.diagnosis.source}`, 8);
  } else {
    write(both(LABELS.notStated));
  }

  heading(LABELS.treatments);
  const treatmentWidths = [90, 190, 110, 110];
  row([both(LABELS.treatment), '', both(LABELS.dates), both(LABELS.response)], treatmentWidths);
  for (const treatment of data.treatments) {
    row(
      [value(treatment.kind), value(treatment.what), treatment.dates, value(treatment.response)],
      treatmentWidths,
    );
  }
  if (data.treatments.length === 0) write(both(LABELS.none));

  heading(LABELS.tumorMarkers);
  for (const marker of data.tumorMarkers) row([marker.name, marker.value, marker.date], [160, 160, 180]);
  if (data.tumorMarkers.length === 0) write(both(LABELS.none));

  heading(LABELS.imaging);
  const imagingWidths = [170, 60, 150, 60, 60];
  row(
    [
      both(LABELS.study),
      both(LABELS.date),
      both(LABELS.series),
      both(LABELS.modality),
      both(LABELS.instances),
    ],
    imagingWidths,
  );
  for (const study of data.imaging.studies) {
    for (const series of study.series) {
      row(
        [
          study.studyInstanceUid,
          study.studyDate ?? '',
          `${series.seriesInstanceUid}${series.bodyPartExamined ? ` (${series.bodyPartExamined})` : ''}`,
          series.modality ?? '',
          String(series.instances),
        ],
        imagingWidths,
        7,
      );
    }
  }
  if (data.imaging.studies.length === 0) write(both(LABELS.none));

  heading(LABELS.documents);
  const documentWidths = [130, 120, 60, 190];
  row([both(LABELS.file), both(LABELS.category), both(LABELS.size), 'SHA-256'], documentWidths);
  for (const document of data.documents) {
    row(
      [document.fileName, value(document.category), String(document.size), document.sha256],
      documentWidths,
      7,
    );
  }
  doc.moveDown(0.5);
  write(data.translationsNote, 8);
  write(`${LABELS.partial.en} / ${LABELS.partial.zh}`, 8);
  if (replaced) write(`${LABELS.replaced.en} / ${LABELS.replaced.zh}`, 8);

  const missing = missingGlyphs(fontBytes, drawn);
  if (missing.length > 0) throw new MissingGlyphError(missing);
  doc.end();
  await finished;
  return { pdf: Buffer.concat(chunks), drawn };
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
      value: safe(marker.value),
      date: marker.date,
    })),
    documents: data.documents.map((document) => ({ ...document, fileName: safe(document.fileName) })),
  };
}

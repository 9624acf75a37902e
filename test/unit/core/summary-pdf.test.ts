import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { CaseAggregate, CaseRecord } from '../../../functions/core/case/record';
import { readDicomHeader } from '../../../functions/core/dicom';
import { buildManifest, buildSummaryData, canonicalJson } from '../../../functions/core/package-content';
import {
  LABELS,
  MissingGlyphError,
  missingGlyphs,
  renderSummaryPdf,
} from '../../../functions/core/summary-pdf';
import { parseTerminologyCsv, Terminology } from '../../../functions/core/terminology';
import { makeDicom, sampleTreatmentHistory } from '../../../scripts/fixtures';
import { sampleHospitals } from '../../../scripts/local/sample-hospitals';

const root = join(import.meta.dirname, '..', '..', '..');
const fontBytes = readFileSync(
  join(root, 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
);
const termsDir = join(root, 'terminology');
const terms = new Terminology(
  readdirSync(termsDir)
    .filter((name) => name.endsWith('.csv'))
    .flatMap((name) => parseTerminologyCsv(readFileSync(join(termsDir, name), 'utf8'), name)),
);

const dicom = makeDicom();
const aggregate = (fullName = 'Amina Test-Patient'): CaseAggregate => ({
  record: {
    caseId: 'case_summarytest0001',
    version: 3,
    status: 'routing',
    cancerType: 'breast',
    patient: {
      fullName,
      email: 'a@example.org',
      dateOfBirth: '1975-05-14',
      country: 'Kenya',
      language: 'en',
    },
    question: 'Is my HER2-targeted plan the best option?',
    expedited: false,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    submission: 1,
    callbacks: {},
    treatmentHistory: sampleTreatmentHistory() as CaseRecord['treatmentHistory'],
    diagnosis: {
      histology: 'invasive ductal carcinoma',
      grade: 'Grade 2',
      stage: 'pT2N1M0, Stage IIB',
      markers: [
        { name: 'ER', result: 'positive (95%)' },
        { name: 'HER2', result: '3+' },
      ],
      source: { kind: 'extracted', documentId: 'doc_1' },
    },
  },
  documents: [
    {
      caseId: 'case_summarytest0001',
      documentId: 'doc_ct000000001',
      itemId: 'imaging',
      fileName: 'ct.dcm',
      contentType: 'application/dicom',
      declaredSize: dicom.length,
      status: 'accepted',
      intakeKey: 'k',
      dicom: readDicomHeader(dicom, dicom.length),
      createdAt: '2026-11-02T00:00:00Z',
      updatedAt: '2026-11-02T00:00:00Z',
    },
  ],
  timeline: [],
});

const summary = (fullName?: string) =>
  buildSummaryData({
    aggregate: aggregate(fullName),
    hospital: sampleHospitals[0]!,
    terms,
    question: {
      original: 'Is my HER2-targeted plan the best option?',
      translated: 'Is my HER2-targeted plan the best option?',
      note: 'Original English, not machine-translated. 英文原文，未经机器翻译。',
    },
    generatedAt: '2026-11-27T10:00:00Z',
    documents: [
      {
        fileName: 'ct.dcm',
        category: { en: 'Imaging', zh: '影像资料' },
        size: dicom.length,
        sha256: 'ab'.repeat(32),
      },
    ],
    translationsNote:
      'Structured fields are translated with the oncology terminology. 结构化字段依据肿瘤学术语表翻译。',
  });

describe('the bilingual case summary PDF', () => {
  it('draws every label in English and Chinese and every term translated', async () => {
    const { pdf } = await renderSummaryPdf(summary(), fontBytes);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    for (const label of [
      LABELS.title,
      LABELS.diagnosis,
      LABELS.treatments,
      LABELS.imaging,
      LABELS.documents,
    ]) {
      expect(text).toContain(label.en);
      expect(text).toContain(label.zh);
    }
    for (const term of [
      '浸润性导管癌',
      '乳腺癌',
      '多柔比星',
      '部分缓解',
      '曲妥珠单抗',
      '1.2.826.0.1.3680043.8.498.1',
    ]) {
      expect(text.replace(/\s/g, '')).toContain(term.replace(/\s/g, ''));
    }
  });

  it('has a glyph in the embedded font for every character it draws', async () => {
    const { drawn } = await renderSummaryPdf(summary(), fontBytes);
    expect(drawn.length).toBeGreaterThan(30);
    expect(missingGlyphs(fontBytes, drawn)).toEqual([]);
  });

  it('has a glyph for every Chinese term of the terminology', () => {
    expect(
      missingGlyphs(
        fontBytes,
        terms.entries.map((entry) => entry.zh),
      ),
    ).toEqual([]);
  });

  it('shows characters the font lacks in what people typed as ? with a note, never as blanks', async () => {
    const { pdf, drawn } = await renderSummaryPdf(summary('अमिना Patient'), fontBytes);
    expect(missingGlyphs(fontBytes, drawn)).toEqual([]);
    expect(drawn.join('\n')).toContain('????? Patient');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text).toContain('cannot be shown in this font');
  });

  it('detects a character the font cannot draw', () => {
    expect(missingGlyphs(fontBytes, ['ok 中文', 'अ'])).toEqual(['अ']);
    expect(new MissingGlyphError(['अ']).message).toContain('U+905');
  });
});

describe('the manifest', () => {
  it('has a package digest over the canonical JSON of its files', () => {
    const files = [
      {
        fileId: 'summary',
        fileName: 'case-summary.pdf',
        category: 'summary',
        size: 10,
        sha256: 'aa'.repeat(32),
      },
      {
        fileId: 'doc_1',
        fileName: 'ct.dcm',
        category: 'imaging',
        size: 20,
        sha256: 'bb'.repeat(32),
        dicom: { studyInstanceUid: '1.2', seriesInstanceUid: '1.2.1' },
      },
    ];
    const manifest = buildManifest('case_x', 1, '2026-11-27T10:00:00Z', files);
    expect(manifest.packageDigest).toMatch(/^[a-f0-9]{64}$/);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    // Any change to any file changes the digest.
    const changed = buildManifest('case_x', 1, '2026-11-27T10:00:00Z', [
      { ...files[0]!, size: 11 },
      files[1]!,
    ]);
    expect(changed.packageDigest).not.toBe(manifest.packageDigest);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  localTime,
  translateField,
  type VocabularyKind,
  vocabularyLabel,
} from '../../../functions/core/package-content';
import { breakLines, type Measure, widestPiece } from '../../../functions/core/summary-lines';
import { renderSummaryPdf, type SummaryData } from '../../../functions/core/summary-pdf';
import { parseTerminologyCsv, Terminology } from '../../../functions/core/terminology';
import { cancerTypes, responses, systemicTherapyKinds } from '../../../functions/core/vocabulary';
import { sampleSummaryCase } from '../../../scripts/summary-sample';

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

/** The Chinese a specialist must find whole in this case, section by section (an oracle, not the code's output). */
const CASE_TERMS = [
  // cancer type, histology, subtype, grade, stage
  '乳腺癌',
  '浸润性导管癌',
  '阳性',
  '3级',
  'IIIA期',
  // markers
  '雌激素受体（ER）',
  '孕激素受体（PR）',
  '阴性',
  // treatments and responses
  '新辅助化疗',
  '多西他赛',
  '曲妥珠单抗',
  '帕妥珠单抗',
  '周期',
  '化疗',
  '部分缓解',
  '左乳肿块切除术',
  '前哨淋巴结活检',
  '切缘干净',
  '手术',
  '靶向治疗',
  '疾病稳定',
  '放疗',
  '分次',
  '内分泌治疗',
  '来曲唑',
  '未评估',
  // tumor markers
  '糖类抗原15-3（CA 15-3）',
  '癌胚抗原（CEA）',
  // documents
  '病理报告',
  '翻译（机器草稿）',
  '影像资料',
  '治疗史',
  '血液检查与肿瘤标志物',
];

/** Punctuation that a Chinese line may not start with. */
const NO_LINE_START = /^[，。、；：？！）】》」』”’…—％]/;

interface Line {
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

let data: SummaryData;
let drawn: string[];
let lines: Line[];
let text: string;

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

beforeAll(async () => {
  data = sampleSummaryCase(terms);
  const rendered = await renderSummaryPdf(data, fontBytes);
  drawn = rendered.drawn;
  const pdf = await getDocumentProxy(new Uint8Array(rendered.pdf));
  lines = [];
  for (let page = 1; page <= pdf.numPages; page += 1) {
    const content = await (await pdf.getPage(page)).getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      lines.push({ page, x: item.transform[4], y: item.transform[5], text: item.str });
    }
  }
  text = lines.map((line) => line.text).join('\n');
});

describe('the summary PDF as a Chinese specialist reads it', () => {
  it('shows every Chinese term of the case whole, on one line', () => {
    // Every occurrence the renderer was asked to draw must come out of the PDF's text in one
    // piece: a term broken across two lines (部分缓 / 解) is missing from both.
    const caseTerms = new Set(CASE_TERMS);
    const allDrawn = drawn.join('\n');
    for (const entry of terms.entries) if (allDrawn.includes(entry.zh)) caseTerms.add(entry.zh);
    expect(caseTerms.size).toBeGreaterThan(CASE_TERMS.length);
    const broken = [...caseTerms].filter(
      (term) => count(allDrawn, term) === 0 || count(text, term) !== count(allDrawn, term),
    );
    expect(broken).toEqual([]);
  });

  it('splits no English word across lines', () => {
    const whole = new Set<string>();
    for (const token of drawn.join(' ').split(/\s+/)) {
      whole.add(token);
      for (const run of token.match(/[\x21-\x7e]+/g) ?? []) whole.add(run);
    }
    const split = lines
      .flatMap((line) => line.text.split(/\s+/))
      .filter((token) => /^[\x21-\x7e]+$/.test(token) && !whole.has(token));
    expect(split).toEqual([]);
  });

  it('starts no line with Chinese punctuation', () => {
    expect(lines.filter((line) => NO_LINE_START.test(line.text.trim())).map((line) => line.text)).toEqual([]);
  });

  it('labels every vocabulary id in English and never shows the id', () => {
    const ids = [...responses, ...systemicTherapyKinds, ...cancerTypes].filter((id) => id.includes('-'));
    expect(ids.filter((id) => text.includes(id))).toEqual([]);
    for (const label of [
      'Breast cancer',
      'Chemotherapy',
      'Surgery',
      'Radiotherapy',
      'Targeted therapy',
      'Hormonal therapy',
      'Partial response',
      'Stable disease',
      'Not assessed',
    ]) {
      expect(text).toContain(label);
    }
    // Single-word ids lowercased on their own are ids, not labels.
    expect(
      lines.filter((line) => /^(targeted|hormonal|breast|surgery|chemotherapy)\b/.test(line.text)),
    ).toEqual([]);
  });

  it('shows TNM as itself, not as untranslated', () => {
    const stage = lines.filter((line) => line.text.includes('ypT1b N0'));
    expect(stage.length).toBeGreaterThanOrEqual(2); // English and Chinese
    expect(text).toContain('cT3 N2 M0');
    expect(stage.filter((line) => line.text.includes('*'))).toEqual([]);
    expect(data.diagnosis?.stage?.complete).toBe(true);
  });

  it('dates the summary in the hospital’s zone, to the minute', () => {
    expect(text).toContain('2026-12-02 18:04 (Asia/Shanghai, UTC+8)');
    expect(text).not.toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(text).not.toContain('2026-12-02T');
  });
});

const oneEach: Measure = (text) => [...text].length;

describe('line breaking', () => {
  it('breaks Chinese in cells only after its punctuation, keeping each run whole', () => {
    expect(breakLines('部分缓解，疾病稳定', 6, oneEach)).toEqual(['部分缓解，', '疾病稳定']);
    expect(widestPiece('新辅助化疗：多西他赛', oneEach)).toBe(6);
  });

  it('breaks prose between characters, never inside a term nor before closing punctuation', () => {
    const lines = breakLines('还是我应该考虑质子治疗或临床试验？', 14, oneEach, {
      prose: true,
      terms: ['临床试验', '质子治疗'],
    });
    expect(lines).toEqual(['还是我应该考虑质子治疗或', '临床试验？']);
    // Adjacent terms form one compound: 新辅助 + 化疗.
    expect(breakLines('新辅助化疗', 4, oneEach, { prose: true, terms: ['新辅助', '化疗'] })).toEqual([
      '新辅助',
      '化疗',
    ]);
    expect(breakLines('我在新辅助化疗后', 6, oneEach, { prose: true, terms: ['新辅助', '化疗'] })).toEqual([
      '我在',
      '新辅助化疗后',
    ]);
  });

  it('breaks English at spaces, keeping numbers with their units', () => {
    expect(breakLines('docetaxel 75 mg/m2, 6 cycles', 12, oneEach)).toEqual([
      'docetaxel',
      '75 mg/m2,',
      '6 cycles',
    ]);
  });

  it('breaks a code wider than the line anywhere, as a last resort, but not before closing punctuation', () => {
    expect(breakLines('a'.repeat(25), 10, oneEach)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
    expect(breakLines(`${'b'.repeat(9)}，c`, 9, oneEach).some((line) => line.startsWith('，'))).toBe(false);
  });
});

describe('the summary data', () => {
  it('passes TNM through as itself and complete', () => {
    for (const stage of ['pT2N1M0', 'cT3 N2 M1a', 'ypT1b', 'ypT1b N0', 'T2 N1 M0', 'pTis N0']) {
      expect(translateField(stage, terms)).toEqual({ en: stage, zh: stage, complete: true });
    }
    expect(translateField('pT2N1M0, stage IIB', terms)).toEqual({
      en: 'pT2N1M0, stage IIB',
      zh: 'pT2N1M0，IIB期',
      complete: true,
    });
    // Mutations are not staging, and an unknown word still marks the gap.
    expect(translateField('T790M', terms).zh).toBe('T790M突变');
    expect(translateField('pT2 with extranodal extension', terms).complete).toBe(false);
  });

  it('labels every vocabulary id in English with its Chinese term', () => {
    const ids = {
      cancerType: cancerTypes,
      response: responses,
      treatment: ['surgery', 'chemotherapy', 'radiotherapy', ...systemicTherapyKinds] as const,
    };
    for (const [kind, list] of Object.entries(ids) as [VocabularyKind, readonly string[]][]) {
      for (const id of list) {
        const label = vocabularyLabel(kind, id as never, terms);
        expect(label.en).not.toBe(id);
        expect(label.en).toMatch(/^[A-Z][a-z]/);
        expect(label.zh).toMatch(/^[\u4e00-\u9fff]/);
        expect(label.complete).toBe(true);
      }
    }
  });

  it('gives times in the hospital’s zone, to the minute', () => {
    expect(localTime('2026-12-02T10:04:31.512Z', 'Asia/Shanghai')).toBe(
      '2026-12-02 18:04 (Asia/Shanghai, UTC+8)',
    );
    expect(localTime('2026-12-31T16:30:00Z', 'Asia/Shanghai')).toBe(
      '2027-01-01 00:30 (Asia/Shanghai, UTC+8)',
    );
    expect(localTime('2026-12-02T10:04:00Z', 'Asia/Kolkata')).toBe(
      '2026-12-02 15:34 (Asia/Kolkata, UTC+5:30)',
    );
    expect(localTime('2026-12-02T10:04:00Z', 'UTC')).toBe('2026-12-02 10:04 (UTC, UTC+0)');
    expect(data.timeZone).toBe('Asia/Shanghai');
    expect(data.generatedAtLocal).toBe('2026-12-02 18:04 (Asia/Shanghai, UTC+8)');
  });

  it('is JSON, and names the Chinese terms it holds', () => {
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    expect(data.chineseTerms).toEqual(expect.arrayContaining(['部分缓解', '新辅助', '化疗', '曲妥珠单抗']));
    expect(data.chineseTerms).not.toContain('HER2');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTerminologyCsv, Terminology, TerminologyError } from '../../../functions/core/terminology';

const dir = join(import.meta.dirname, '..', '..', '..', 'terminology');
const load = () =>
  new Terminology(
    readdirSync(dir)
      .filter((name) => name.endsWith('.csv'))
      .flatMap((name) =>
        parseTerminologyCsv(readFileSync(join(dir, name), 'utf8'), name.replace(/\.csv$/, '')),
      ),
  );

describe('the oncology terminology', () => {
  it('has at least 300 entries, in every category the package needs', () => {
    const terms = load();
    expect(terms.entries.length).toBeGreaterThanOrEqual(300);
    expect(Object.keys(terms.countByCategory()).sort()).toEqual([
      'biomarkers-and-results',
      'cancer-types-and-histology',
      'drugs',
      'procedures',
      'radiation',
      'response-categories',
      'staging-and-grading',
      'units',
    ]);
  });

  it('is valid Amazon Translate CSV: header en,zh, two cells a row, Chinese on the right', () => {
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.csv'))) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text.split('\n')[0]).toBe('en,zh');
      for (const entry of parseTerminologyCsv(text, name)) {
        expect(entry.en).not.toMatch(/[\u4e00-\u9fff]/);
        expect(entry.zh.length).toBeGreaterThan(0);
      }
    }
    expect(() => parseTerminologyCsv('english,chinese\na,b', 'x')).toThrow(TerminologyError);
    expect(() => parseTerminologyCsv('en,zh\na,b,c', 'x')).toThrow(TerminologyError);
  });

  it('translates structured fields deterministically, keeping numbers and marking unknown words', () => {
    const terms = load();
    expect(terms.translate('invasive ductal carcinoma')).toEqual({
      en: 'invasive ductal carcinoma',
      zh: '浸润性导管癌',
      complete: true,
    });
    expect(terms.translate('Partial-response').zh).toBe('部分缓解');
    expect(terms.translate('trastuzumab')).toMatchObject({ zh: '曲妥珠单抗', complete: true });
    expect(terms.translate('Left lumpectomy, clear margins')).toEqual({
      en: 'Left lumpectomy, clear margins',
      zh: '左乳肿块切除术，切缘干净',
      complete: true,
    });
    expect(terms.translate('50 Gy in 25 fractions')).toMatchObject({
      zh: '50 Gy（戈瑞）in 25分次',
      complete: false,
    });
    expect(terms.translate('EGFR exon 19 deletion')).toMatchObject({
      zh: 'EGFR 19号外显子缺失',
      complete: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { hospitalTypes, modalities } from '../../../../functions/core/hospital';
import { cancerTypes, itemIds } from '../../../../functions/core/vocabulary';
import { glanceText } from '../../../../web/console/glance/text';
import { hospitalsText } from '../../../../web/console/hospitals/text';

/** Every leaf of a dictionary, with its path: strings as they are, functions called with sample arguments. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    // A stage's name is asked for by the API's status word.
    const samples = /stage(Tick|Label)$/.test(path) ? ['overdue'] : [3, 2, '1 Jun 2026', 'x'];
    const args = Array.from({ length: value.length }, (_, index) => samples[index % samples.length]);
    return [[path, String((value as (...args: unknown[]) => unknown)(...args))]];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
  }
  return [];
}

const han = /\p{Script=Han}/u;
/** Strings that are the same in both languages on purpose: figures and the API's own words. */
const sameInBoth = new Set(['notMeasured', 'expiresIn']);

describe.each([
  ['hospitals', hospitalsText],
  ['glance', glanceText],
] as const)('the %s view’s dictionaries', (_name, dictionary) => {
  const en = new Map(leaves(dictionary.en));
  const zh = new Map(leaves(dictionary['zh-Hans']));

  it('hold the same strings in English and Simplified Chinese', () => {
    expect([...zh.keys()]).toEqual([...en.keys()]);
    for (const [path, words] of en) expect(words.trim(), path).not.toBe('');
  });

  it('are written in Chinese in the Chinese interface, not left in English', () => {
    for (const [path, words] of zh) {
      if (sameInBoth.has(path.split('.')[0]!)) continue;
      expect(words, path).toMatch(han);
    }
  });
});

describe('the directory’s names for the API’s vocabulary', () => {
  it('cover every hospital type, treatment, cancer type and checklist item in both languages', () => {
    for (const text of [hospitalsText.en, hospitalsText['zh-Hans']]) {
      expect(Object.keys(text.typeNames).sort()).toEqual([...hospitalTypes].sort());
      expect(Object.keys(text.modalityNames).sort()).toEqual([...modalities].sort());
      expect(Object.keys(text.cancerTypeNames).sort()).toEqual([...cancerTypes].sort());
      expect(Object.keys(text.itemNames).sort()).toEqual([...itemIds].sort());
    }
  });
});

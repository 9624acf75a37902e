/**
 * The English -> Simplified Chinese oncology terminology: CSV files in the form Amazon
 * Translate custom terminology imports (first row `en,zh`), one file per category. The same
 * files drive the deterministic translation of structured fields here.
 */
export interface TermEntry {
  readonly en: string;
  readonly zh: string;
  readonly category: string;
}

export class TerminologyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerminologyError';
  }
}

/** Parses one terminology file; refuses anything Amazon Translate would refuse or misread. */
export function parseTerminologyCsv(text: string, category: string): TermEntry[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== 'en,zh') throw new TerminologyError(`${category}: the first row must be "en,zh"`);
  return lines.slice(1).map((line, index) => {
    const cells = line.split(',');
    if (cells.length !== 2 || !cells[0]?.trim() || !cells[1]?.trim()) {
      throw new TerminologyError(`${category} line ${index + 2}: expected "english,chinese"`);
    }
    return { en: cells[0].trim(), zh: cells[1].trim(), category };
  });
}

export interface PhraseTranslation {
  readonly en: string;
  readonly zh: string;
  /** False when some words had no term and were kept in English. */
  readonly complete: boolean;
}

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
const isWordChar = (char: string | undefined) => char !== undefined && /[a-z0-9]/i.test(char);

export class Terminology {
  private readonly byTerm = new Map<string, TermEntry>();
  /** Terms by their first word, longest first, for greedy phrase matching. */
  private readonly byFirstWord = new Map<string, TermEntry[]>();

  constructor(readonly entries: readonly TermEntry[]) {
    for (const entry of entries) {
      const key = normalise(entry.en);
      if (this.byTerm.has(key)) throw new TerminologyError(`duplicate term "${entry.en}"`);
      this.byTerm.set(key, entry);
      const first = key.split(/[^a-z0-9]+/i).find(Boolean) ?? key;
      const list = this.byFirstWord.get(first) ?? [];
      list.push(entry);
      list.sort((a, b) => b.en.length - a.en.length);
      this.byFirstWord.set(first, list);
    }
  }

  countByCategory(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.entries) counts[entry.category] = (counts[entry.category] ?? 0) + 1;
    return counts;
  }

  lookup(term: string): string | undefined {
    return this.byTerm.get(normalise(term))?.zh;
  }

  /**
   * Translates a short field deterministically: the longest known term at each position is
   * replaced, numbers and punctuation are kept, and unknown words stay in English (and make
   * the translation incomplete). Never free machine translation.
   */
  translate(text: string): PhraseTranslation {
    const exact = this.lookup(text);
    if (exact) return { en: text, zh: exact, complete: true };
    const lower = text.toLowerCase();
    let zh = '';
    let complete = true;
    let at = 0;
    while (at < text.length) {
      const char = text[at]!;
      if (!isWordChar(char)) {
        zh += char === ',' ? '，' : char === ';' ? '；' : char;
        at += 1;
        continue;
      }
      let end = at;
      while (end < text.length && isWordChar(text[end])) end += 1;
      const word = lower.slice(at, end);
      const match = (this.byFirstWord.get(word) ?? []).find((entry) => {
        const candidate = entry.en.toLowerCase();
        return lower.startsWith(candidate, at) && !isWordChar(text[at + candidate.length]);
      });
      if (match) {
        zh += match.zh;
        at += match.en.length;
      } else {
        // Numbers, dates and codes pass through; an unknown English word marks the gap.
        if (/[a-z]/i.test(word) && !/^[a-z]?\d/i.test(word)) complete = false;
        zh += text.slice(at, end);
        at = end;
      }
    }
    return {
      en: text,
      zh: zh.replace(/\s+(?=[\u4e00-\u9fff（])|(?<=[\u4e00-\u9fff）])\s+/g, '').trim(),
      complete,
    };
  }
}

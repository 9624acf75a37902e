/**
 * Line breaking for the bilingual summary. PDF libraries wrap Chinese at any character, which
 * splits terms (部分缓 / 解); here English breaks only at spaces, Chinese only after its
 * punctuation or between terms, and a line never starts with closing punctuation nor ends with
 * an opening one. Pure: the caller passes the font's measure.
 */
export type Measure = (text: string) => number;

export interface BreakOptions {
  /**
   * Prose (the question, notes) may also break between Chinese characters outside terms, as
   * Chinese text is set; labels and table cells keep each run of Chinese whole.
   */
  readonly prose?: boolean;
  /** Chinese terms never broken inside; adjacent terms (新辅助 + 化疗) stay together too. */
  readonly terms?: readonly string[];
}

/** An unbreakable piece and whether a space separated it from the one before. */
interface Piece {
  readonly text: string;
  readonly space: boolean;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
/** May not start a line (Chinese closing punctuation and the ASCII marks that follow a word). */
const CLOSING = /[，。、；：？！）】》」』”’…％·,.;:!?)\]}%]/;
/** May not end a line. */
const OPENING = /[（【《「『“‘([{]/;
const CJK_CLOSING = /[，。、；：？！）】》」』”’…]/;
const CJK_OPENING = /[（【《「『“‘]/;

/** For each character, whether a break before it is forbidden because it sits inside a term run. */
function protectedStarts(chars: readonly string[], terms: readonly string[], compounds: boolean): boolean[] {
  const inside = chars.map(() => false);
  if (terms.length === 0) return inside;
  const text = chars.join('');
  // Code-unit offsets to character indices (astral characters are two units).
  const indexAt: number[] = [];
  chars.forEach((char, index) => {
    for (let unit = 0; unit < char.length; unit += 1) indexAt.push(index);
  });
  indexAt.push(chars.length);
  const sorted = [...terms].sort((a, b) => b.length - a.length);
  let at = 0;
  let previousEnd = -1;
  while (at < text.length) {
    const term = sorted.find((candidate) => candidate && text.startsWith(candidate, at));
    if (!term) {
      at += 1;
      continue;
    }
    const start = indexAt[at]!;
    const end = indexAt[at + term.length]!;
    for (let index = start + 1; index < end; index += 1) inside[index] = true;
    // A term right after another forms one compound with it (新辅助化疗).
    if (compounds && previousEnd === start && start > 0) inside[start] = true;
    previousEnd = end;
    at += term.length;
  }
  return inside;
}

/** A number keeps the unit or letter code after it (75 mg/m2, 6 cycles, cT3 N2 M0). */
function glued(chars: readonly string[], index: number): boolean {
  return /\d/.test(chars[index - 1] ?? '') && /[A-Za-z]/.test(chars[index + 1] ?? '');
}

/** Whether a line may break between `before` and `after` (neither is whitespace). */
function breakAllowed(before: string, after: string, prose: boolean, anywhere: boolean): boolean {
  if (CLOSING.test(after) || OPENING.test(before)) return false;
  if (anywhere) return true;
  if (CJK_CLOSING.test(before) || CJK_OPENING.test(after)) return true;
  return prose && (HAN.test(before) || HAN.test(after));
}

/**
 * How hard to try when a piece is wider than the line: as asked; then as prose; then between
 * the terms of a compound too; then anywhere (a hash, a UID).
 */
type Effort = 0 | 1 | 2 | 3;

function pieces(text: string, options: BreakOptions, effort: Effort = 0): Piece[] {
  const chars = [...text];
  const anywhere = effort === 3;
  const inside = anywhere ? chars.map(() => false) : protectedStarts(chars, options.terms ?? [], effort < 2);
  const result: Piece[] = [];
  let current = '';
  let space = false;
  chars.forEach((char, index) => {
    if (/\s/.test(char) && !inside[index] && !inside[index + 1] && !glued(chars, index)) {
      if (current) result.push({ text: current, space });
      current = '';
      space = true;
      return;
    }
    const before = chars[index - 1];
    if (
      current &&
      before !== undefined &&
      !inside[index] &&
      breakAllowed(before, char, (options.prose ?? false) || effort > 0, anywhere)
    ) {
      result.push({ text: current, space });
      current = '';
      space = false;
    }
    current += char;
  });
  if (current) result.push({ text: current, space });
  return result;
}

/** The widest piece of `text` that cannot be broken: the least width a column needs. */
export function widestPiece(text: string, measure: Measure, options: BreakOptions = {}): number {
  return Math.max(0, ...pieces(text, options).map((piece) => measure(piece.text)));
}

/** Breaks `text` (which may contain newlines) into lines no wider than `width`. */
export function breakLines(
  text: string,
  width: number,
  measure: Measure,
  options: BreakOptions = {},
): string[] {
  return text
    .split('\n')
    .flatMap((paragraph) => fill(pieces(paragraph, options), width, measure, options, 0));
}

function fill(
  list: readonly Piece[],
  width: number,
  measure: Measure,
  options: BreakOptions,
  effort: Effort,
): string[] {
  const lines: string[] = [];
  let current = '';
  for (const piece of list) {
    const candidate = current ? `${current}${piece.space ? ' ' : ''}${piece.text}` : piece.text;
    if (measure(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = piece.text;
    // Wider than the whole line: try the next effort that breaks it at all.
    for (let next = effort + 1; next <= 3 && measure(current) > width; next += 1) {
      const finer = pieces(current, options, next as Effort);
      if (finer.length < 2) continue;
      const broken = fill(finer, width, measure, options, next as Effort);
      lines.push(...broken.slice(0, -1));
      current = broken.at(-1) ?? '';
      break;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

import { type BreakOptions, breakLines, widestPiece } from './summary-lines';
import type { Bilingual } from './summary-pdf';

/**
 * The summary's page layout on pdfkit: paragraphs, section headings kept with what follows,
 * and tables whose columns are sized so that no term has to break, all broken into lines by
 * summary-lines.ts, never by pdfkit (which splits Chinese at any character).
 */

/** One run of text in a cell or paragraph: broken into lines by `breakLines`, never by pdfkit. */
export interface Block {
  readonly text: string;
  readonly size: number;
  readonly color?: string;
  readonly prose?: boolean;
}
export type Cell = readonly Block[];
/** A table row: one cell per column, or one cell across all of them. */
export type Row =
  | { readonly cells: readonly Cell[] }
  /** `with`: the row it belongs to and stays on the same page with. */
  | { readonly span: Cell; readonly with: 'previous' | 'next' };

interface TableLayout {
  /** The columns that take the width left once the others show their lines whole. */
  readonly stretch: readonly number[];
  /** Ruled off under the header row and repeated at the top of each new page. */
  readonly header?: readonly Cell[];
  /** Least widths, so that the label columns of successive tables line up. */
  readonly minimum?: readonly number[];
}

const INK = '#111111';
export const MUTED = '#555555';
const RULE = '#c8c8c8';
const PAD_X = 4;
const PAD_Y = 2.5;
const lineHeight = (size: number) => size * 1.42;

/**
 * Lays the summary out on A4 with its own line breaking (summary-lines.ts): every string is
 * recorded in `drawn` as given, before breaking, so the glyph check and tests see whole values.
 */
export class SummaryWriter {
  readonly drawn: string[] = [];
  y: number;
  starred = false;
  /** A heading waiting for the content it must share a page with. */
  private pending: string | undefined;
  private static readonly HEADING = 12.5;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly terms: readonly string[],
    /** Shown for a value the case does not state. */
    private readonly notStated: Bilingual,
  ) {
    this.y = doc.page.margins.top;
  }

  get left() {
    return this.doc.page.margins.left;
  }
  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private measure(size: number) {
    return (text: string) => this.doc.fontSize(size).widthOfString(text);
  }
  private options(block: Block): BreakOptions {
    return { prose: block.prose ?? false, terms: this.terms };
  }
  private lines(block: Block, width: number) {
    return breakLines(block.text, width, this.measure(block.size), this.options(block));
  }
  private cellHeight(cell: Cell, width: number) {
    return cell.reduce((sum, block) => sum + this.lines(block, width).length * lineHeight(block.size), 0);
  }

  /** Starts a new page when `height` does not fit; true when it did. */
  private ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.doc.addPage();
    this.y = this.doc.page.margins.top;
    return true;
  }

  private drawCell(cell: Cell, x: number, y: number, width: number) {
    let at = y;
    for (const block of cell) {
      this.drawn.push(block.text);
      this.doc.fontSize(block.size).fillColor(block.color ?? INK);
      for (const line of this.lines(block, width)) {
        this.doc.text(line, x, at, { lineBreak: false });
        at += lineHeight(block.size);
      }
    }
  }

  private rule(y: number, color: string, width = 0.5) {
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke();
  }

  paragraph(block: Block, after = 2) {
    const lines = this.lines(block, this.width);
    this.keepWithHeading(lineHeight(block.size) * Math.min(lines.length, 2));
    this.drawn.push(block.text);
    for (const line of lines) {
      this.ensure(lineHeight(block.size));
      this.doc
        .fontSize(block.size)
        .fillColor(block.color ?? INK)
        .text(line, this.left, this.y, { lineBreak: false });
      this.y += lineHeight(block.size);
    }
    this.y += after;
  }

  /** A section heading, drawn with what follows it so that it never ends a page alone. */
  heading(text: string) {
    this.pending = text;
  }

  /** Draws the pending heading, first starting a page if it and `height` below it do not fit. */
  private keepWithHeading(height: number) {
    const text = this.pending;
    if (!text) return;
    this.pending = undefined;
    const size = SummaryWriter.HEADING;
    this.y += 10;
    this.ensure(lineHeight(size) + 5 + height);
    this.drawn.push(text);
    this.doc.fontSize(size).fillColor(INK).text(text, this.left, this.y, { lineBreak: false });
    this.y += lineHeight(size) + 1;
    this.rule(this.y, INK, 0.8);
    this.y += 4;
  }

  /**
   * Columns as wide as their widest unbreakable piece at least (so no term is ever broken),
   * and as their longest line at most: the narrow columns get their whole lines first, the
   * `stretch` columns share what is left of the page width.
   */
  private columnWidths(rows: readonly (readonly Cell[])[], layout: TableLayout): number[] {
    const count = rows[0]!.length;
    const least: number[] = Array.from({ length: count }, (_, column) => layout.minimum?.[column] ?? 0);
    const most = [...least];
    for (const cells of rows) {
      cells.forEach((cell, column) => {
        for (const block of cell) {
          const measure = this.measure(block.size);
          const piece = widestPiece(block.text, measure, this.options(block)) + 2 * PAD_X;
          least[column] = Math.max(least[column]!, piece);
          for (const line of block.text.split('\n')) {
            most[column] = Math.max(most[column]!, measure(line) + 2 * PAD_X, least[column]!);
          }
        }
      });
    }
    const total = this.width;
    const sumLeast = least.reduce((a, b) => a + b, 0);
    // Even the unbreakable pieces do not fit (a very long code): shrink, and let them break.
    if (sumLeast > total) return least.map((width) => (width * total) / sumLeast);
    const widths = [...least];
    let left = total - sumLeast;
    const stretch = new Set(layout.stretch);
    const narrow = widths
      .map((_, column) => column)
      .filter((column) => !stretch.has(column))
      .sort((a, b) => most[a]! - least[a]! - (most[b]! - least[b]!));
    for (const column of narrow) {
      const grant = Math.min(most[column]! - least[column]!, left);
      widths[column]! += grant;
      left -= grant;
    }
    // The stretch columns share the rest evenly, a column needing less than its share
    // leaving the difference to the others; what no column needs widens them all alike.
    const wide = [...stretch].sort((a, b) => most[a]! - least[a]! - (most[b]! - least[b]!));
    wide.forEach((column, index) => {
      const grant = Math.min(most[column]! - least[column]!, left / (wide.length - index));
      widths[column]! += grant;
      left -= grant;
    });
    for (const column of wide) widths[column]! += left / wide.length;
    return widths;
  }

  /** A table; with a `header`, it is ruled off and repeated at the top of each new page. */
  table(rows: readonly Row[], layout: TableLayout) {
    const header = layout.header;
    const widths = this.columnWidths(
      [...(header ? [header] : []), ...rows.flatMap((row) => ('cells' in row ? [row.cells] : []))],
      layout,
    );
    const inner = (column: number) => widths[column]! - 2 * PAD_X;
    const height = (cells: readonly Cell[]) =>
      Math.max(...cells.map((cell, column) => this.cellHeight(cell, inner(column)))) + 2 * PAD_Y;
    const drawCells = (cells: readonly Cell[]) => {
      let x = this.left;
      cells.forEach((cell, column) => {
        this.drawCell(cell, x + PAD_X, this.y + PAD_Y, inner(column));
        x += widths[column]!;
      });
    };
    const drawHeader = () => {
      if (!header) return;
      drawCells(header);
      this.y += height(header);
      this.rule(this.y, INK, 0.6);
    };
    const rowHeight = (row: Row) =>
      'cells' in row ? height(row.cells) : this.cellHeight(row.span, this.width - 2 * PAD_X) + 2 * PAD_Y;
    // The header never ends a page alone: it goes with the first row (and what belongs to it).
    const first = rows.slice(0, rows[1] && ('span' in rows[0]! || 'span' in rows[1]) ? 2 : 1);
    const opening = (header ? height(header) : 0) + first.reduce((sum, row) => sum + rowHeight(row), 0);
    this.keepWithHeading(opening);
    this.ensure(opening);
    drawHeader();
    rows.forEach((row, index) => {
      const next = rows[index + 1];
      const kept =
        next && 'span' in next && next.with === 'previous'
          ? next
          : 'span' in row && row.with === 'next'
            ? next
            : undefined;
      if (this.ensure(rowHeight(row) + (kept ? rowHeight(kept) : 0))) drawHeader();
      if ('cells' in row) drawCells(row.cells);
      else this.drawCell(row.span, this.left + PAD_X, this.y + PAD_Y - 1.5, this.width - 2 * PAD_X);
      this.y += rowHeight(row);
      // A row and the span that belongs to it are ruled off as one.
      const joined = next && 'span' in next && next.with === 'previous';
      if (!joined && !('span' in row && row.with === 'next')) this.rule(this.y, RULE);
    });
    this.y += 2;
  }

  /** A line at the foot of every page (`text` of the page number and count), once every page exists. */
  footers(text: (page: number, count: number) => string) {
    const range = this.doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      this.doc.switchToPage(index);
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0; // writing in the margin must not open a page
      const line = text(index + 1, range.count);
      this.drawn.push(line);
      this.doc
        .fontSize(7.5)
        .fillColor(MUTED)
        .text(line, this.left, this.doc.page.height - bottom + 14, { lineBreak: false });
      this.doc.page.margins.bottom = bottom;
    }
  }

  /** English above, Chinese below, the Chinese starred when some words had no term. */
  value(text: Bilingual | undefined, size: number): Cell {
    if (!text) return label(this.notStated, size, MUTED);
    if (!text.en && !text.zh) return [{ text: '—', size }];
    if (text.complete === false) this.starred = true;
    const zh = `${text.zh}${text.complete === false ? ' *' : ''}`;
    return text.zh === text.en && text.complete !== false
      ? [{ text: text.en, size }]
      : [
          { text: text.en, size },
          { text: zh, size },
        ];
  }
}

export const label = (text: Bilingual, size: number, color = MUTED): Cell => [
  { text: text.en, size, color },
  { text: text.zh, size, color },
];
export const plain = (text: string, size: number, color?: string): Cell => [
  { text, size, ...(color ? { color } : {}) },
];

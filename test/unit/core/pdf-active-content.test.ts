import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../../functions/core/pdf';
import {
  disarmPdf,
  findActiveContent,
  PdfActiveContentError,
} from '../../../functions/core/pdf-active-content';
import { makePdf } from '../../../scripts/fixtures';
import {
  makeEmbeddedExecutablePdf,
  makeHtmlPolyglotPdf,
  makeJavaScriptPdf,
} from '../../../scripts/hostile-fixtures';

const lines = ['Adenocarcinoma, grade 2, pT1N0M0.', 'EGFR exon 19 deletion detected.'];

describe('active content in PDFs', () => {
  it('sees actions inside a compressed object stream, where the raw bytes show nothing', async () => {
    const pdf = makeJavaScriptPdf(lines);
    for (const marker of ['/JavaScript', '/OpenAction', '/Launch', '/AA']) {
      expect(pdf.includes(marker)).toBe(false);
    }
    expect(await findActiveContent(pdf)).toEqual([
      'javascript',
      'open-action',
      'additional-actions',
      'launch',
    ]);
  });

  it('finds embedded files, attachments and polyglot bytes; a clean PDF has none', async () => {
    expect(await findActiveContent(makeEmbeddedExecutablePdf(lines))).toEqual([
      'embedded-file',
      'file-attachment',
    ]);
    expect(await findActiveContent(makeHtmlPolyglotPdf(lines))).toEqual(['trailing-data', 'html-markup']);
    expect(await findActiveContent(makePdf(lines))).toEqual([]);
  });

  it('disarms without changing what the pages read, and the copy checks clean', async () => {
    for (const pdf of [
      makeJavaScriptPdf(lines),
      makeEmbeddedExecutablePdf(lines),
      makeHtmlPolyglotPdf(lines),
    ]) {
      const { bytes, removed } = await disarmPdf(pdf);
      expect(removed.length).toBeGreaterThan(0);
      expect(await findActiveContent(bytes)).toEqual([]);
      const [before, after] = [await readPdf(pdf), await readPdf(bytes)];
      expect(after.text).toBe(before.text);
      expect(after.summary.pages).toBe(before.summary.pages);
    }
  });

  it('never crashes on arbitrary bytes after a PDF header: kinds or PdfActiveContentError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (tail) => {
        const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), tail]);
        try {
          expect(Array.isArray(await findActiveContent(bytes))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(PdfActiveContentError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('where a disarmed copy is written', () => {
  it('is a key the upload processor may write (its derived-writes grant) and no document key', async () => {
    const { functions } = await import('../../../infra/definitions');
    const { objectKeys, parseIntakeDocumentKey } = await import('../../../functions/core/object-keys');
    const key = objectKeys.intakeDisarmed('case_abcdefgh12', 'doc_abcdefgh12');
    const patterns = functions.uploadProcessor.derivedWrites?.intake ?? [];
    expect(patterns.some((pattern) => new RegExp(`^${pattern.replace(/\*/g, '[^/]+')}$`).test(key))).toBe(
      true,
    );
    // Its object-created event is not mistaken for an upload.
    expect(parseIntakeDocumentKey(key)).toBeUndefined();
  });
});

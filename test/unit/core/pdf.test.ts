import { describe, expect, it } from 'vitest';
import { PdfError, readPdf } from '../../../functions/core/pdf';
import { makePdf } from '../../../scripts/fixtures';

describe('readPdf', () => {
  it('extracts the text of a real PDF', async () => {
    const { summary, text } = await readPdf(
      makePdf(['Invasive ductal carcinoma, grade 2, pT2N1M0 stage IIB']),
    );
    expect(summary).toMatchObject({ pages: 1, scanned: false });
    expect(text).toContain('Invasive ductal carcinoma');
  });

  it('marks a PDF without a text layer as scanned', async () => {
    expect((await readPdf(makePdf([]))).summary.scanned).toBe(true);
  });

  it.each([
    ['password-protected', makePdf(['secret'], { encrypted: true }), 'encrypted'],
    ['cut short', makePdf(['x']).subarray(0, 200), 'damaged'],
  ])('refuses a %s PDF with a typed reason', async (_, bytes, problem) => {
    const error = await readPdf(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PdfError);
    expect((error as PdfError).problem).toBe(problem);
  });
});

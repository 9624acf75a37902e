import { extractText, getDocumentProxy } from 'unpdf';

export interface PdfSummary {
  readonly pages: number;
  readonly textChars: number;
  /** No text layer worth the name: a scan or photo saved as PDF. */
  readonly scanned: boolean;
}

export type PdfProblem = 'encrypted' | 'damaged';

export class PdfError extends Error {
  constructor(
    readonly problem: PdfProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PdfError';
  }
}

/** Below this many characters per page a PDF is treated as a scan. */
const MIN_TEXT_CHARS_PER_PAGE = 40;

/**
 * Opens a PDF and extracts its text. A password-protected or damaged file throws PdfError; a
 * file with no text layer is accepted and marked as scanned.
 */
export async function readPdf(bytes: Uint8Array): Promise<{ summary: PdfSummary; text: string }> {
  // pdf.js may transfer the buffer it is given: hand it a copy.
  const data = new Uint8Array(bytes);
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js 6 has no eval left (its `isEvalSupported` option is gone); `useWasm: false` keeps it
    // from compiling a PDF's PostScript functions to WebAssembly: they are interpreted instead.
    document = await getDocumentProxy(data, { verbosity: 0, useWasm: false, stopAtErrors: true });
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'PasswordException') {
      throw new PdfError('encrypted', 'The PDF is password-protected; please send it without a password.');
    }
    throw new PdfError('damaged', 'The PDF is damaged and cannot be opened.');
  }
  try {
    const { totalPages, text } = await extractText(document, { mergePages: true });
    const clean = text.replace(/\s+/g, ' ').trim();
    return {
      summary: {
        pages: totalPages,
        textChars: clean.length,
        scanned: clean.length < MIN_TEXT_CHARS_PER_PAGE * Math.max(1, totalPages),
      },
      text,
    };
  } catch {
    throw new PdfError('damaged', 'The PDF is damaged: its pages cannot be read.');
  } finally {
    // Frees the document and its worker (pdf.js 6 has no PDFDocumentProxy.destroy).
    await document.loadingTask.destroy().catch(() => undefined);
  }
}

import { type OcrEngine, ocrEngine } from '../adapters/ocr';
import type { ImageSummary } from '../core/image-header';
import { scannedPageImages } from '../core/pdf-page-images';
import { photoTooSmall, readability, type ScanProblem, scanTooCoarse } from '../core/scan-quality';

/**
 * Reads a scanned pathology report (an image-only PDF) or a photo of one (JPEG/PNG) by OCR, so
 * that its diagnosis, stage and markers are extracted as from a text PDF, or says why it could
 * not: too small to read, unreadable (out of focus, dark), or a PDF with no page image at all.
 */

/** A report longer than this is read up to here (about a minute of OCR); a pathology report is 1–5 pages. */
export const MAX_OCR_PAGES = 20;

export type ScannedReport =
  | {
      readonly read: true;
      readonly text: string;
      /** Mean word confidence over the pages read, weighted by their words, 0–1. */
      readonly confidence: number;
      readonly lowConfidence: boolean;
      readonly pages: number;
      readonly ms: number;
    }
  | { readonly read: false; readonly problem: ScanProblem; readonly pages: number; readonly ms: number };

export type ScannedSource =
  | { readonly kind: 'pdf'; readonly bytes: Uint8Array }
  | { readonly kind: 'photo'; readonly bytes: Uint8Array; readonly image: ImageSummary };

/** Tesseract's Chinese model sets spaces between ideographs ("免疫 组 化"); Chinese has none. */
const joinIdeographs = (text: string) => text.replace(/(?<=\p{Script=Han})[ \t]+(?=\p{Script=Han})/gu, '');

export async function readScannedReport(
  source: ScannedSource,
  engine: OcrEngine = ocrEngine,
): Promise<ScannedReport> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const texts: string[] = [];
  let words = 0;
  let confidentWords = 0;
  let weighted = 0;
  let pages = 0;
  let tooSmall = 0;
  const readImage = async (image: Uint8Array) => {
    const reading = await engine.read(image);
    texts.push(reading.text);
    words += reading.words;
    confidentWords += reading.confidentWords;
    weighted += reading.confidence * reading.words;
  };

  if (source.kind === 'photo') {
    pages = 1;
    if (photoTooSmall(source.image)) return { read: false, problem: 'too_small', pages, ms: ms() };
    await readImage(source.bytes);
  } else {
    for await (const page of scannedPageImages(source.bytes, MAX_OCR_PAGES)) {
      pages += 1;
      // A coarse page is still read: another page may carry the diagnosis.
      if (scanTooCoarse(page)) tooSmall += 1;
      await readImage(page.pgm);
    }
    if (pages === 0) return { read: false, problem: 'no_images', pages, ms: ms() };
  }

  const confidence = words > 0 ? weighted / words : 0;
  const verdict = readability({ confidence, confidentWords });
  if (verdict === 'unreadable') {
    return { read: false, problem: tooSmall === pages ? 'too_small' : 'unreadable', pages, ms: ms() };
  }
  return {
    read: true,
    text: joinIdeographs(texts.join('\n\n')),
    confidence: Math.round(confidence * 100) / 100,
    lowConfidence: verdict === 'low-confidence',
    pages,
    ms: ms(),
  };
}

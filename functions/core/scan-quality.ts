/**
 * Whether a scan or photo of a report can be read, and how far its reading can be trusted.
 * Measured on the fixtures of test/fixtures/scans: a clean 250 dpi scan and a phone photo read
 * at a mean confidence of 0.84 with over 100 words; a 400 px thumbnail at 0.32 and an
 * out-of-focus photo at 0.16, most of their "words" noise.
 */

/** Below this a scanned page's letters are a few pixels high: 150 dpi is the usual floor for OCR. */
export const MIN_SCAN_DPI = 150;
/** A photo's longer side: below this a whole A4 page leaves body text under ~10 px high. */
export const MIN_PHOTO_LONG_SIDE = 1000;
/** Mean word confidence (0–1) below which the text is noise, not a reading. */
export const UNREADABLE_CONFIDENCE = 0.5;
/** A report has more than a handful of words; fewer confident ones than this is no reading. */
export const MIN_CONFIDENT_WORDS = 15;
/** Read, but below this the coordinator is asked for a clearer scan (and checks the values). */
export const LOW_CONFIDENCE = 0.75;

export type ScanProblem = 'too_small' | 'unreadable' | 'no_images';

/** A photo (JPEG/PNG) too small in pixels to read. */
export const photoTooSmall = (image: { width: number; height: number }): boolean =>
  Math.max(image.width, image.height) < MIN_PHOTO_LONG_SIDE;

/** A scanned PDF page whose image is below scanning resolution. */
export const scanTooCoarse = (page: { dpi: number }): boolean => page.dpi < MIN_SCAN_DPI;

/** What the OCR's own confidence says of the text it read. */
export function readability(reading: {
  confidence: number;
  confidentWords: number;
}): 'readable' | 'low-confidence' | 'unreadable' {
  if (reading.confidence < UNREADABLE_CONFIDENCE || reading.confidentWords < MIN_CONFIDENT_WORDS) {
    return 'unreadable';
  }
  return reading.confidence < LOW_CONFIDENCE ? 'low-confidence' : 'readable';
}

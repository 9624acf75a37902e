import { describe, expect, it } from 'vitest';
import {
  LOW_CONFIDENCE,
  MIN_CONFIDENT_WORDS,
  photoTooSmall,
  readability,
  scanTooCoarse,
  UNREADABLE_CONFIDENCE,
} from '../../../functions/core/scan-quality';
import { gapText } from '../../../functions/core/server-messages';

describe('scan quality', () => {
  it('a photo is too small when its longer side is under 1000 px, whichever way it is turned', () => {
    expect(photoTooSmall({ width: 400, height: 566 })).toBe(true);
    expect(photoTooSmall({ width: 999, height: 700 })).toBe(true);
    expect(photoTooSmall({ width: 1000, height: 700 })).toBe(false);
    expect(photoTooSmall({ width: 1191, height: 1685 })).toBe(false);
  });

  it('a scanned page is too coarse under 150 dpi', () => {
    expect(scanTooCoarse({ dpi: 96 })).toBe(true);
    expect(scanTooCoarse({ dpi: 149 })).toBe(true);
    expect(scanTooCoarse({ dpi: 150 })).toBe(false);
    expect(scanTooCoarse({ dpi: 300 })).toBe(false);
  });

  it('judges a reading by its mean confidence and its confident words', () => {
    expect(readability({ confidence: 0.93, confidentWords: 120 })).toBe('readable');
    expect(readability({ confidence: LOW_CONFIDENCE, confidentWords: 40 })).toBe('readable');
    expect(readability({ confidence: 0.6, confidentWords: 40 })).toBe('low-confidence');
    // Measured on the out-of-focus fixture: 0.16.
    expect(readability({ confidence: 0.16, confidentWords: 3 })).toBe('unreadable');
    expect(readability({ confidence: UNREADABLE_CONFIDENCE - 0.01, confidentWords: 200 })).toBe('unreadable');
    // Confident about a few words is not a report read.
    expect(readability({ confidence: 0.95, confidentWords: MIN_CONFIDENT_WORDS - 1 })).toBe('unreadable');
  });

  it('tells the patient what to do for each problem', () => {
    expect(gapText('ocr-too_small')).toMatch(/300 dpi/);
    expect(gapText('ocr-unreadable')).toMatch(/in focus/);
    expect(gapText('ocr-no_images')).toMatch(/coordinator/);
  });
});

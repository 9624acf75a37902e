import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Tesseract from 'tesseract.js';
import { assetPath } from './settings';

/**
 * Optical character recognition with tesseract.js: the engine's files (library, worker script,
 * WebAssembly core, gzipped English and Simplified Chinese data) are the `ocrEngine` package
 * asset, beside the bundle in Lambda and under .build locally (scripts/build-ocr-engine.ts).
 * One worker per process, started on first use and reused by every later invocation: starting
 * it (compiling the core, loading the language data) costs about a second.
 */

/** What one image reads as. */
export interface OcrReading {
  readonly text: string;
  /** Tesseract's mean word confidence, 0–1. */
  readonly confidence: number;
  readonly words: number;
  /** Words read with a confidence of at least CONFIDENT_WORD. */
  readonly confidentWords: number;
}

export interface OcrEngine {
  /** Reads an image tesseract's leptonica decodes: PNG, JPEG, PNM (grey or colour), BMP, TIFF. */
  read(image: Uint8Array): Promise<OcrReading>;
}

/** English for every report; Simplified Chinese for reports from mainland China (markers stay in Latin script). */
export const OCR_LANGUAGES = 'eng+chi_sim';
const CONFIDENT_WORD = 60;
/** tesseract.js's OEM.LSTM_ONLY: the engine whose models the asset carries. */
const LSTM_ONLY = 1;

type TesseractModule = typeof Tesseract;

let started: Promise<Tesseract.Worker> | undefined;

function startWorker(): Promise<Tesseract.Worker> {
  const dir = assetPath('ocrEngine');
  // Loaded from the asset at run time, never bundled: see scripts/build-ocr-engine.ts.
  const tesseract = createRequire(import.meta.url)(join(dir, 'tesseract.cjs')) as TesseractModule;
  return tesseract.createWorker(OCR_LANGUAGES, LSTM_ONLY, {
    workerPath: join(dir, 'worker.cjs'),
    langPath: join(dir, 'lang'),
    gzip: true,
    // The unpacked data is cached where Lambda lets a function write, for a worker started again.
    cachePath: join(tmpdir(), 'ocr-traineddata'),
    logger: () => undefined,
    errorHandler: () => undefined,
  });
}

function worker(): Promise<Tesseract.Worker> {
  started ??= startWorker().catch((error: unknown) => {
    // A failed start is tried again on the next call, not remembered as the engine.
    started = undefined;
    throw error;
  });
  return started;
}

export const ocrEngine: OcrEngine = {
  async read(image) {
    const result = await (await worker()).recognize(image, {}, { text: true, blocks: true });
    const words = (result.data.blocks ?? []).flatMap((block) =>
      block.paragraphs.flatMap((paragraph) => paragraph.lines.flatMap((line) => line.words)),
    );
    return {
      text: result.data.text,
      confidence: Math.max(0, Math.min(1, result.data.confidence / 100)),
      words: words.length,
      confidentWords: words.filter(
        (word) => word.confidence >= CONFIDENT_WORD && /[\p{L}\p{N}]/u.test(word.text),
      ).length,
    };
  },
};

/** Ends the worker (tests and scripts; a Lambda keeps it for the next invocation). */
export async function closeOcrEngine(): Promise<void> {
  const current = started;
  started = undefined;
  if (current) await (await current.catch(() => undefined))?.terminate();
}

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { packageAssets } from '../../functions/contract';
import { encodePgm } from '../../functions/core/pdf-page-images';
import { buildOcrEngine } from '../build-ocr-engine';
import { imagePdf, scanFixtures } from '../make-scan-fixtures';

/**
 * OCR of a 5-page scanned pathology report (the 250 dpi fixture page five times, as an
 * image-only PDF) through readScannedReport, in a process of its own so that its peak RSS is
 * the OCR's and not the bench's: the worker's start (core compiled, English and Chinese data
 * loaded), then the seconds per page, and the process's peak resident memory (getrusage
 * maxrss, which counts the worker thread and its WebAssembly memory).
 */
export interface OcrMeasurement {
  readonly pages: number;
  readonly secondsPerPage: number;
  readonly engineStartSeconds: number;
  readonly totalSeconds: number;
  /** The process's peak RSS over the whole run. */
  readonly peakRssMb: number;
  /** RSS before the engine started (Node, pdf.js, the service). */
  readonly baselineRssMb: number;
  readonly confidence: number;
}

const PAGES = 5;
const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const self = fileURLToPath(import.meta.url);

/** The child's side: reads the PDF and prints its figures as JSON. */
async function measureHere(): Promise<OcrMeasurement> {
  const { closeOcrEngine, ocrEngine } = await import('../../functions/adapters/ocr');
  const { readScannedReport } = await import('../../functions/services/report-ocr');
  const page = new Uint8Array(readFileSync(join(scanFixtures, 'report-en-page.jpg')));
  const pdf = await imagePdf(Array.from({ length: PAGES }, () => page));
  const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
  // The worker's start, timed apart from the pages: a one-pixel image starts it.
  let started = performance.now();
  await ocrEngine.read(encodePgm(new Uint8Array([255]), 1, 1));
  const engineStartSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const report = await readScannedReport({ kind: 'pdf', bytes: pdf });
  const totalSeconds = (performance.now() - started) / 1000;
  await closeOcrEngine();
  if (!report.read || report.pages !== PAGES) throw new Error(`the ${PAGES}-page scan was not read`);
  return {
    pages: report.pages,
    secondsPerPage: totalSeconds / report.pages,
    engineStartSeconds,
    totalSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baselineRssMb,
    confidence: report.confidence,
  };
}

export async function measureOcr(): Promise<OcrMeasurement> {
  const engineDir = buildOcrEngine(projectRoot);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', self, '--child'], {
    cwd: projectRoot,
    env: { ...process.env, [packageAssets.ocrEngine.envVar]: engineDir },
    maxBuffer: 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as OcrMeasurement;
}

if (process.argv[1] && resolve(process.argv[1]) === self) {
  if (process.argv.includes('--child')) {
    console.log(JSON.stringify(await measureHere()));
  } else {
    const m = await measureOcr();
    console.log('| measure | value | how |');
    console.log('|---|---|---|');
    console.log(
      `| OCR of a ${m.pages}-page scanned report | ${m.secondsPerPage.toFixed(2)} s/page, peak RSS ${m.peakRssMb.toFixed(0)} MB | engine start ${m.engineStartSeconds.toFixed(2)} s (once per container), ${m.totalSeconds.toFixed(1)} s for the pages, baseline RSS ${m.baselineRssMb.toFixed(0)} MB, mean confidence ${m.confidence}; Node ${process.versions.node}, one worker |`,
    );
  }
}

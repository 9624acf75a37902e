import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOcrEngine } from '../../../functions/adapters/ocr';
import { packageAssets } from '../../../functions/contract';
import { readJpegHeader } from '../../../functions/core/image-header';
import { extractDiagnosis } from '../../../functions/core/pathology';
import { LOW_CONFIDENCE } from '../../../functions/core/scan-quality';
import { readScannedReport, type ScannedReport } from '../../../functions/services/report-ocr';
import { buildOcrEngine } from '../../../scripts/build-ocr-engine';

const projectRoot = join(import.meta.dirname, '../../..');
const scans = join(projectRoot, 'test/fixtures/scans');
const fixture = (name: string) => new Uint8Array(readFileSync(join(scans, name)));
const photo = (name: string) => {
  const bytes = fixture(name);
  return { kind: 'photo', bytes, image: readJpegHeader(bytes) } as const;
};
const diagnosisOf = (report: ScannedReport) => {
  if (!report.read) throw new Error(`not read: ${report.problem}`);
  return extractDiagnosis(report.text, 'breast', 'doc_scan', report.confidence);
};

// Real OCR, one worker for the file: a few seconds per page, so few readings and no timed assertions.
describe('readScannedReport', { timeout: 120_000 }, () => {
  beforeAll(() => {
    process.env[packageAssets.ocrEngine.envVar] = buildOcrEngine(projectRoot);
  });
  afterAll(closeOcrEngine);

  it('reads the diagnosis, stage and markers of a scanned English report, saying it came from OCR', async () => {
    const report = await readScannedReport({ kind: 'pdf', bytes: fixture('report-en-scanned.pdf') });
    expect(report).toMatchObject({ read: true, pages: 1, lowConfidence: false });
    if (!report.read) return;
    expect(report.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
    expect(report.confidence).toBeLessThanOrEqual(1);
    const diagnosis = diagnosisOf(report);
    expect(diagnosis).toMatchObject({
      histology: 'invasive ductal carcinoma',
      grade: 'Grade 2',
      stage: 'pT2N1M0',
      source: { kind: 'ocr', documentId: 'doc_scan', confidence: report.confidence },
    });
    expect(Object.fromEntries(diagnosis.markers.map((marker) => [marker.name, marker.result]))).toEqual({
      ER: 'Positive (90%)',
      PR: 'Positive (60%)',
      HER2: 'Negative',
      'Ki-67': '20%',
    });
    // The header the identity check compares with the case's patient.
    expect(report.text).toMatch(/Maria Testperson/);
    expect(report.text).toMatch(/14\/03\/1971/);
  });

  it('reads a scanned report from mainland China: Chinese text, and the markers beside it', async () => {
    const report = await readScannedReport({ kind: 'pdf', bytes: fixture('report-zh-scanned.pdf') });
    expect(report).toMatchObject({ read: true, pages: 1 });
    const diagnosis = diagnosisOf(report);
    if (!report.read) return;
    expect(report.text).toMatch(/姓名\s*[:：]\s*王小东/);
    // Ideographs joined again: tesseract spaces them out.
    expect(report.text).toMatch(/免疫组化/);
    expect(diagnosis.stage).toBe('pT2N1M0');
    expect(diagnosis.markers.find((marker) => marker.name === 'HER2')?.result).toBe('Negative');
    expect(diagnosis.markers.find((marker) => marker.name === 'ER')?.result).toBe('Positive (80%)');
  });

  it('an out-of-focus photo is unreadable', async () => {
    expect(await readScannedReport(photo('report-en-blurred.jpg'))).toMatchObject({
      read: false,
      problem: 'unreadable',
      pages: 1,
    });
  });

  it('a thumbnail-sized photo is too small, and is not read at all', async () => {
    const engine = { read: () => Promise.reject(new Error('a photo this small is not read')) };
    expect(await readScannedReport(photo('report-en-small.jpg'), engine)).toMatchObject({
      read: false,
      problem: 'too_small',
    });
  });

  it('a PDF with neither text nor page images has no images to read', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage().drawRectangle({ x: 40, y: 40, width: 100, height: 100 });
    await pdf.embedFont(StandardFonts.Helvetica);
    const engine = { read: () => Promise.reject(new Error('nothing to read')) };
    expect(await readScannedReport({ kind: 'pdf', bytes: await pdf.save() }, engine)).toMatchObject({
      read: false,
      problem: 'no_images',
      pages: 0,
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageAssets } from '../../functions/contract';
import { diagnosisCodes } from '../../functions/core/diagnosis-codes';
import type { PatientLanguageTag } from '../../functions/core/patient-languages';
import { renderReceiptPdf } from '../../functions/core/receipt-pdf';
import { sampleReceipt } from '../fixtures';

/**
 * Rendering a receipt PDF (what the first download of a receipt waits for): the fonts read once
 * as a warm function holds them, then the median of 10 renders per language of one script
 * family each, and the PDF's size (fonts subset).
 */
export interface ReceiptMeasurement {
  readonly language: PatientLanguageTag;
  readonly medianMs: number;
  readonly bytes: number;
}

const LANGUAGES: readonly PatientLanguageTag[] = ['en', 'fr', 'zh-CN', 'ar', 'th'];

export async function measureReceipts(projectRoot: string): Promise<ReceiptMeasurement[]> {
  const font = (asset: keyof typeof packageAssets) =>
    readFileSync(join(projectRoot, packageAssets[asset].source));
  const fonts = {
    latin: font('receiptLatinFont'),
    cjk: font('summaryFont'),
    arabic: font('receiptArabicFont'),
    thai: font('receiptThaiFont'),
  };
  const document = {
    ...sampleReceipt(),
    serviceDate: '2027-03-09',
    codes: diagnosisCodes('breast', { histology: 'invasive ductal carcinoma' }, 'female')!,
  };
  const results: ReceiptMeasurement[] = [];
  for (const language of LANGUAGES) {
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < 11; run += 1) {
      const began = performance.now();
      const pdf = await renderReceiptPdf({ ...document, language }, fonts);
      // The first render opens the fonts (fontkit parses them once per process).
      if (run > 0) times.push(performance.now() - began);
      bytes = pdf.length;
    }
    times.sort((a, b) => a - b);
    results.push({ language, medianMs: times[Math.floor(times.length / 2)]!, bytes });
  }
  return results;
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageAssets } from '../../../functions/contract';
import type { ReceiptDocument } from '../../../functions/core/case/payment-receipt';
import { diagnosisCodes } from '../../../functions/core/diagnosis-codes';
import { renderReceiptPdf } from '../../../functions/core/receipt-pdf';
import { sampleReceipt } from '../../../scripts/fixtures';

const font = (asset: keyof typeof packageAssets) => readFileSync(packageAssets[asset].source);
const fonts = {
  latin: font('receiptLatinFont'),
  cjk: font('summaryFont'),
  arabic: font('receiptArabicFont'),
  thai: font('receiptThaiFont'),
};
const folder = mkdtempSync(join(tmpdir(), 'oso-receipt-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The PDF's text as poppler's pdftotext reads it (what an insurer's system extracts). */
function textOf(pdf: Buffer, name: string): string {
  const path = join(folder, `${name}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}
const pages = (pdf: Buffer) =>
  Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1]);

const receipt: ReceiptDocument = {
  ...sampleReceipt(),
  codes: diagnosisCodes('breast', { histology: 'invasive ductal carcinoma' }, 'female')!,
  language: 'en',
};

describe('the receipt PDF', () => {
  it('states the number, the diagnosis codes, every amount and the payment, on one page', async () => {
    const pdf = await renderReceiptPdf(receipt, fonts);
    const text = textOf(pdf, 'en').replace(/\u00a0/g, ' ');
    for (const expected of [
      'Sample Second Opinions Ltd',
      'Receipt',
      'INV-2027-000042',
      'Amina Wanjiru Otieno',
      '1971-03-09',
      'Sample Cancer Hospital, Guangzhou',
      'Paid in advance',
      'C50.9',
      'C50.919',
      'USD 1,200.00',
      '6 × USD 25.00',
      'USD 150.00',
      'USD 1,500.00',
      'Bank transfer',
      'TRX-88231',
      '2027-03-03',
      'WHO ICD-10 Version 2019',
    ])
      expect(text).toContain(expected);
    expect(pages(pdf)).toBe(1);
  });

  it('speaks the patient’s language beside English, in each script, and names the opinion’s date once delivered', async () => {
    const delivered = { ...receipt, serviceDate: '2027-03-09' };
    const zh = textOf(await renderReceiptPdf({ ...delivered, language: 'zh-CN' }, fonts), 'zh');
    expect(zh).toContain('收据');
    expect(zh).toContain('乳腺癌');
    expect(zh).toContain('2027-03-09');
    expect(zh).not.toContain('Paid in advance');
    const th = await renderReceiptPdf({ ...delivered, language: 'th' }, fonts);
    expect(textOf(th, 'th')).toContain('ใบเสร็จรับเงิน');
    const ar = await renderReceiptPdf({ ...delivered, language: 'ar' }, fonts);
    const arText = textOf(ar, 'ar');
    for (const expected of ['INV-2027-000042', 'C50.919', 'USD 1,500.00'])
      expect(arText.replace(/\u00a0/g, ' ')).toContain(expected);
    for (const pdf of [th, ar]) expect(pages(pdf)).toBe(1);
  });

  it('writes a credit note with the receipt it cancels and negative lines', async () => {
    const pdf = await renderReceiptPdf(
      { ...receipt, kind: 'credit-note', number: 'CN-2027-000001', cancels: 'INV-2027-000042' },
      fonts,
    );
    const text = textOf(pdf, 'cn').replace(/\u00a0/g, ' ');
    expect(text).toContain('Credit note');
    expect(text).toContain('CN-2027-000001');
    expect(text).toContain('INV-2027-000042');
    expect(text).toContain('-USD 1,200.00');
    expect(text).toContain('Total refunded');
  });
});

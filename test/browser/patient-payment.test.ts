import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useLocalBackend } from '../e2e/harness';
import { seriousViolations } from './axe';
import { missingGlyphs } from './glyphs';
import { overflowing } from './overflow';
import { pageCatalogue, screenshotDir, usePatientBrowser } from './patient-session';

const local = useLocalBackend('patient-payment');
const session = usePatientBrowser(local, 'axe-results-payment.json');

/**
 * The payment section of the patient page, on a phone, by keyboard: the itemised quote, accepted;
 * the bank details with the reference to write on the transfer; once the coordinator records the
 * transfer, the receipt downloaded as a PDF. In English and in Arabic (right to left).
 */
describe('the quote and the receipt on the patient page', () => {
  for (const tag of ['en', 'ar'] as const) {
    it(`${tag}: accept the quote, see where to pay, download the receipt`, async () => {
      const t = (key: string, values = {}) => pageCatalogue(tag).format(key, values);
      const coordinator = local.backend.endpoints.coordinatorToken;
      const hospital = await local.chargingHospital(`Charging Centre ${tag}`);
      const { caseId, patientLink } = await local.sufficientCase('Fatima Hassan Ali', tag);
      const issued = await local.api.call('POST', `/cases/${caseId}/quote`, coordinator, {
        hospitalId: hospital.hospitalId,
      });
      const quote = issued.body.quote as { quoteId: string; total: number };

      const phone = await session.browser.newContext({
        viewport: { width: 375, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        acceptDownloads: true,
      });
      const page = await phone.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(patientLink);
      const payment = page.locator('#payment');
      await payment.getByRole('heading', { name: t('paymentHeading') }).waitFor();
      // Itemised, with the total; the section comes before the checklist once the records suffice.
      expect(await payment.locator('tbody tr').count()).toBe(2);
      expect(await payment.locator('tfoot').textContent()).toContain('1,350.00');
      expect(await overflowing(page)).toEqual([]);
      expect(await missingGlyphs(page)).toEqual([]);
      expect(await seriousViolations(page, `quote (${tag})`, session.axeRuns)).toEqual([]);
      await payment.screenshot({ path: join(screenshotDir, `patient-quote-${tag}.png`) });

      // By keyboard: Tab reaches the button, Enter accepts.
      const accept = payment.getByRole('button', { name: t('quoteAccept') });
      await accept.focus();
      await page.keyboard.press('Enter');
      await payment.getByText(t('bankTransferHeading')).waitFor();
      expect(await payment.locator('.reference').textContent()).toBe(quote.quoteId);
      expect(await payment.locator('.bank-details').textContent()).toContain('IBAN');
      expect(await seriousViolations(page, `bank transfer (${tag})`, session.axeRuns)).toEqual([]);
      await payment.screenshot({ path: join(screenshotDir, `patient-bank-transfer-${tag}.png`) });

      const paid = await local.api.call('POST', `/cases/${caseId}/quote/payment`, coordinator, {
        quoteId: quote.quoteId,
        method: 'bank-transfer',
        reference: `TRANSFER-${tag}`,
        currency: 'USD',
        amount: quote.total,
        receivedOn: '2026-11-30',
      });
      const number = paid.body.quote.payment.invoice.number as string;
      await page.reload();
      const download = payment.getByRole('button', { name: t('receiptDownload', { number }) });
      await download.waitFor();
      expect(await seriousViolations(page, `paid (${tag})`, session.axeRuns)).toEqual([]);
      await payment.screenshot({ path: join(screenshotDir, `patient-paid-${tag}.png`) });
      await download.focus();
      const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(file.suggestedFilename()).toBe(`${number}.pdf`);
      const saved = join(session.fixtures, `${number}.pdf`);
      await file.saveAs(saved);
      const text = execFileSync('pdftotext', ['-layout', saved, '-'], { encoding: 'utf8' }).replace(
        /\u00a0/g,
        ' ',
      );
      for (const expected of [number, 'C50.919', 'USD 1,350.00', `TRANSFER-${tag}`])
        expect(text).toContain(expected);
      expect(errors).toEqual([]);
      await phone.close();
    }, 90_000);
  }
});

/**
 * The same from the coordinator's side, in the console: the quote issued for the chosen
 * hospital, the transfer recorded with its reference, the receipt downloaded; axe-clean in
 * English and Chinese.
 */
describe('the quote and the payment in the coordinator console', () => {
  it('issues the quote, records the transfer and downloads the receipt', async () => {
    const hospital = await local.chargingHospital('Console Charging Centre');
    const { caseId } = await local.sufficientCase('Grace Njeri', 'en');
    const context = await session.browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const coordinator = local.backend.endpoints.users.find((user) => user.role === 'coordinator')!;
    await page.goto(`${local.backend.endpoints.consoleUrl}#/cases/${caseId}`);
    await page.getByLabel('Email').fill(coordinator.email);
    await page.getByLabel('Password').fill(coordinator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const payment = page.locator('#payment');
    await payment.getByRole('heading', { name: 'Quote and payment' }).waitFor();
    await payment.getByLabel('Hospital').selectOption({ label: 'Console Charging Centre' });
    await payment.getByRole('button', { name: 'Issue quote' }).click();
    await payment.getByText('Quote for Console Charging Centre: issued, not yet accepted').waitFor();
    expect(await payment.locator('tfoot').textContent()).toContain('1,350.00');
    expect(await seriousViolations(page, 'console quote (en)', session.axeRuns)).toEqual([]);

    await payment.getByLabel('Bank reference of the transfer').fill('CONSOLE-TRX-1');
    await payment.getByLabel('Received on').fill('2026-11-30');
    expect(await payment.getByLabel('Amount received (USD)').inputValue()).toBe('1,350.00');
    await payment.getByRole('button', { name: 'Record bank transfer' }).click();
    const download = payment.getByRole('button', { name: /^Download receipt INV-/ });
    await download.waitFor();
    await payment.screenshot({ path: join(screenshotDir, 'console-payment-en.png') });
    await page.getByRole('button', { name: '简体中文' }).click();
    await payment.getByRole('heading', { name: '报价与付款' }).waitFor();
    expect(await seriousViolations(page, 'console paid (zh-Hans)', session.axeRuns)).toEqual([]);
    await payment.screenshot({ path: join(screenshotDir, 'console-payment-zh.png') });
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      payment.getByRole('button', { name: /^下载收据 INV-/ }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^INV-\d{4}-\d{6}\.pdf$/);
    const submitted = await local.api.call(
      'POST',
      `/cases/${caseId}/submit`,
      local.backend.endpoints.coordinatorToken,
      {
        hospitalId: hospital.hospitalId,
      },
    );
    // Paid, but the patient has not consented to this hospital: the payment gate is not what stops it.
    expect(submitted.body.error.code).toBe('not_ready');
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { largeDicom, makePdf } from '../../scripts/fixtures';
import { useLocalBackend } from '../e2e/harness';
import { seriousViolations } from './axe';
import { pageCatalogue, screenshotDir, usePatientBrowser } from './patient-session';

const local = useLocalBackend('patient-page');
const session = usePatientBrowser(local, 'axe-results.json');
const { axeRuns } = session;
const MIB = 1024 * 1024;
let context: BrowserContext;

/** The status bar's progress values as the patient sees them, recorded whenever they change. */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('.uppy-StatusBar-progress')) {
        const value = Number(bar.getAttribute('aria-valuenow'));
        if (Number.isFinite(value) && seen.at(-1) !== value) seen.push(value);
      }
    }).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
}

const partNumberOf = (request: Request) => Number(new URL(request.url()).searchParams.get('partNumber'));

describe('the patient upload page in Chromium', () => {
  it('takes a patient from the link to consent: history, PDF and 150 MB DICOM upload with a dropped connection, checklist, consent', async () => {
    // largeDicom labels its study with the harness's default patient, so the case is that patient's.
    const fullName = 'Test Patient';
    const { caseId, patientLink } = await local.openCase({ fullName });
    context = await session.browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: false,
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // The token arrives in the fragment and leaves the address bar at once.
    await page.goto(patientLink);
    await expect.poll(() => page.url()).toBe(`${local.backend.endpoints.apiUrl}/upload`);
    await page.getByRole('heading', { name: 'Your checklist' }).waitFor();
    expect(await page.locator('li[data-item="pathology-report"]').getAttribute('data-status')).toBe(
      'missing',
    );
    const headers = (await page.request.get(`${local.backend.endpoints.apiUrl}/upload`)).headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['referrer-policy']).toBe('no-referrer');

    // The treatment history: the browser checks it with the server's schema first.
    const history = page.locator('#history');
    await history.getByRole('button', { name: 'Add' }).first().click(); // a surgery
    await history.getByLabel('Procedure').fill('Lumpectomy');
    await history.getByLabel('Date', { exact: true }).fill('2099-01-01');
    await history.getByRole('button', { name: 'Save' }).click();
    const dateField = history.getByLabel('Date', { exact: true });
    await expect.poll(() => dateField.getAttribute('aria-invalid')).toBe('true');
    expect(await history.locator('[data-error-for="surgeries.0.date"]').textContent()).toBe(
      'Date is in the future.',
    );
    await dateField.fill('2026-03-02');
    await history.locator('fieldset[data-repeat="chemotherapy"] > button').click();
    await history.getByLabel('Regimen').fill('AC-T');
    await history.getByLabel('Drug name').fill('Doxorubicin');
    await history.getByLabel('Dose').fill('60');
    await history.getByLabel('Unit').fill('mg/m2');
    await history.getByLabel('Cycles').fill('4');
    await history.getByLabel('Start date').fill('2026-04-01');
    await history.getByLabel('How the cancer responded').selectOption('partial-response');
    await history.getByRole('button', { name: 'Save' }).click();
    await history.getByText('Your treatment history is saved.').waitFor();
    await page.locator('li[data-item="treatment-history"][data-status="accepted"]').waitFor();

    // A real PDF, dropped onto the page as a patient drags it from their desktop.
    const pdf = makePdf([
      'Invasive ductal carcinoma, grade 2, pT1cN0.',
      'ER positive, PR positive, HER2 negative.',
    ]);
    const dropped = await page.evaluateHandle(
      (bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'pathology.pdf', { type: 'application/pdf' }));
        return transfer;
      },
      [...pdf],
    );
    await page.locator('.uppy-Dashboard-AddFiles').dispatchEvent('dragover', { dataTransfer: dropped });
    await page.locator('.uppy-Dashboard-innerWrap').dispatchEvent('drop', { dataTransfer: dropped });
    await page
      .locator('li[data-item="pathology-report"][data-status="accepted"]')
      .waitFor({ timeout: 20_000 });

    // A 150 MB DICOM study through multipart; the connection drops after three parts.
    const dicomPath = join(session.fixtures, 'CT-study.dcm');
    await writeFile(dicomPath, largeDicom(150 * 1000 * 1000));
    await page.getByLabel('These files are').selectOption('imaging');
    // Something typed elsewhere on the page must survive the polls while the upload is checked.
    await page.locator('#shipment summary').click();
    await page.getByLabel('Courier', { exact: true }).fill('DHL Express');
    await recordProgress(page);
    const partsStored = new Map<number, number>();
    const partsDropped: number[] = [];
    page.on('requestfinished', async (request) => {
      if (request.method() !== 'PUT' || !request.url().includes('partNumber=')) return;
      const response = await request.response();
      if (response?.status() === 200) {
        const part = partNumberOf(request);
        partsStored.set(part, (partsStored.get(part) ?? 0) + 1);
      }
    });
    // Parts after the third find the connection gone until the test restores it.
    await page.route(/partNumber=/, async (route) => {
      if (partNumberOf(route.request()) > 3) {
        partsDropped.push(partNumberOf(route.request()));
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.getByRole('button', { name: 'Add more files' }).click();
    await page.locator('.uppy-Dashboard-input').first().setInputFiles(dicomPath);
    // Uppy retries each failed part (0, 1, 3 and 5 s), then offers to retry the upload. The
    // first three 16 MiB parts go to storage before that: on 2 busy cores (the whole suite runs
    // beside it) this takes well over the 10 s it takes alone.
    const retry = page.getByRole('button', { name: 'Retry' }).first();
    await retry.waitFor({ timeout: 90_000 });
    expect(partsDropped.length).toBeGreaterThan(0);
    await expect.poll(() => [...partsStored.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3]);
    expect(await page.locator('li[data-item="imaging"]').getAttribute('data-status')).not.toBe('accepted');

    // The connection is back: retry asks the API which parts storage holds and sends the rest.
    await page.unroute(/partNumber=/);
    const listed = page.waitForRequest(
      (request) => request.method() === 'GET' && /\/patient\/uploads\/[^/]+\/parts$/.test(request.url()),
    );
    await retry.click();
    await listed;
    await page.locator('li[data-item="imaging"][data-status="accepted"]').waitFor({ timeout: 60_000 });
    // Ten 16 MiB parts (the API's plan), each stored exactly once: nothing sent twice, nothing lost.
    await expect
      .poll(() => [...partsStored.entries()].sort((a, b) => a[0] - b[0]))
      .toEqual(
        Array.from({ length: Math.ceil((150 * 1000 * 1000) / (16 * MIB)) }, (_, index) => [index + 1, 1]),
      );
    const progress = await page.evaluate(
      () => (window as unknown as { progressSeen: number[] }).progressSeen,
    );
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.some((value) => value > 0 && value < 100)).toBe(true);
    expect(progress.at(-1)).toBe(100);

    expect(await page.getByLabel('Courier', { exact: true }).inputValue()).toBe('DHL Express');
    // What the server recorded agrees with the page.
    const view = (await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken))
      .body;
    const imaging = view.checklist.find((item: { itemId: string }) => item.itemId === 'imaging');
    expect(imaging.documents).toEqual([
      expect.objectContaining({ fileName: 'CT-study.dcm', status: 'accepted' }),
    ]);

    // Consent, by keyboard: a name that is not the case's is refused by the server, at the field.
    const consent = page.locator('#consent');
    await consent.getByText('What will be shared with').waitFor();
    expect(await consent.locator('ul.shared').textContent()).toContain('CT-study.dcm');
    for (const checkbox of await consent.locator('input[name="acknowledgedLimits"]').all()) {
      await checkbox.focus();
      await page.keyboard.press('Space');
    }
    await consent.getByLabel('Your full name, as on your case').focus();
    await page.keyboard.type('Someone Else');
    await consent.getByLabel(/I agree to share/).focus();
    await page.keyboard.press('Space');
    await consent.getByRole('button', { name: 'Give consent' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => consent.locator('[data-error-for="fullName"]').textContent())
      .toBe('Type your full name exactly as it appears on your case.');
    await consent.getByLabel('Your full name, as on your case').fill(fullName);
    await consent.getByRole('button', { name: 'Give consent' }).click();
    await consent.locator('.consent-given').waitFor();
    expect(await page.locator('li[data-item="imaging"]').getAttribute('data-status')).toBe('accepted');
    await page.locator('.case-status[data-status="ready"]').waitFor();
    // Only the optional blood work is still listed, as advice.
    expect(await page.locator('.gaps li[data-severity="blocking"]').count()).toBe(0);
    expect(await page.locator('.gaps li[data-severity="advisory"]').count()).toBe(1);

    await page.screenshot({ path: join(screenshotDir, 'patient-page-desktop.png'), fullPage: true });
    expect(await seriousViolations(page, 'desktop, after consent (en)', axeRuns)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('retries a single PUT whose connection dropped as a new document and cancels the one that never arrived', async () => {
    const { caseId, patientLink } = await local.openCase();
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.goto(patientLink);
    await page.getByRole('heading', { name: 'Your checklist' }).waitFor();
    let dropping = true;
    await page.route(/\/intake\//, async (route) => {
      if (dropping && route.request().method() === 'PUT') await route.abort('connectionreset');
      else await route.continue();
    });
    const pdfPath = join(session.fixtures, 'markers.pdf');
    await writeFile(pdfPath, makePdf(['CA 15-3: 28 U/mL (2026-11-02).']));
    await page.getByLabel('These files are').selectOption('tumor-markers');
    await page.locator('.uppy-Dashboard-input').first().setInputFiles(pdfPath);
    const retry = page.getByRole('button', { name: 'Retry' }).first();
    await retry.waitFor({ timeout: 30_000 });
    dropping = false;
    await retry.click();
    await page.locator('li[data-item="tumor-markers"][data-status="accepted"]').waitFor({ timeout: 20_000 });
    const view = (await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken))
      .body;
    const markers = view.checklist.find((item: { itemId: string }) => item.itemId === 'tumor-markers');
    expect(markers.documents.map((doc: { status: string }) => doc.status).sort()).toEqual([
      'accepted',
      'cancelled',
    ]);
    await context.close();
  }, 60_000);

  it('fits a phone screen, switches to Simplified Chinese, and passes axe-core there too', async () => {
    const { patientLink } = await local.openCase();
    const phone = await session.browser.newContext({
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await page.goto(patientLink);
    await page.getByRole('heading', { name: 'Your checklist' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page, 'phone (en)', axeRuns)).toEqual([]);

    // What the patient already ticked and typed survives the switch.
    await page.getByLabel('No one can examine you physically from a distance.').check();
    await page.getByLabel('Your full name, as on your case').fill('Test Patient');
    await page.locator('#language').selectOption('zh-CN');
    await page.getByRole('heading', { name: '资料清单' }).waitFor();
    await page.getByRole('heading', { name: '您的同意' }).waitFor();
    expect(await page.getByLabel('无法远程为您做体格检查。').isChecked()).toBe(true);
    expect(await page.getByLabel('您的全名（与病例一致）').inputValue()).toBe('Test Patient');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.locator('li[data-item="imaging"] h3').textContent()).toBe('影像（CT、MRI 或 PET-CT）');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await seriousViolations(page, 'phone (zh-CN)', axeRuns)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'patient-page-phone-zh.png'), fullPage: true });
    // The choice holds on the next visit.
    await page.reload();
    await page.getByRole('heading', { name: '资料清单' }).waitFor();
    await phone.close();
  }, 60_000);

  it('shows the delivered report, its plain-language summary and the limits the specialist noted', async () => {
    const delivered = await local.deliveredCase({ language: 'es' });
    const summary = 'The specialist agrees with your current plan.\nKeep your next appointment.';
    await local.completeCase(delivered, { plainLanguageSummary: summary });
    const { patientToken } = delivered;

    const reader = await session.browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await reader.newPage();
    await page.goto(`${local.backend.endpoints.apiUrl}/upload#${patientToken}`);
    // The case is a Spanish reader's: the page speaks Spanish.
    const es = pageCatalogue('es');
    const report = page.locator('#report');
    await report.getByRole('heading', { name: es.format('reportHeading') }).waitFor();
    expect(await report.locator('.summary').textContent()).toBe(summary);
    // No translator runs locally: the summary says plainly it is the English, not a translation.
    expect(await report.locator('.note').allTextContents()).toEqual([
      es.format('translationNote.untranslated'),
      es.format('summaryNotTranslated'),
    ]);
    // The report comes first; the finished forms are folded away below it.
    const top = async (selector: string) => (await page.locator(selector).boundingBox())?.y ?? 0;
    expect(await top('#report')).toBeLessThan(await top('#checklist'));
    expect(await page.locator('#history details.folded').getAttribute('open')).toBeNull();
    const download = await report
      .getByRole('link', { name: es.format('reportDownload') })
      .getAttribute('href');
    const pdf = Buffer.from(await (await fetch(download ?? '')).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await page.locator('#upload').textContent()).toContain(es.format('uploadClosed'));

    // A follow-up question, then the call: each form says the server's limits in Spanish.
    const questions = report.locator('.questions');
    expect(await questions.textContent()).toContain(es.format('questionsRemaining', { count: 3 }));
    await questions.getByRole('button', { name: es.format('askQuestion') }).click();
    await expect
      .poll(() => questions.getByLabel(es.format('questionLabel')).getAttribute('aria-invalid'))
      .toBe('true');
    await questions.getByLabel(es.format('questionLabel')).fill('¿Puedo viajar durante el tratamiento?');
    await questions.getByRole('button', { name: es.format('askQuestion') }).click();
    await report.locator('.questions .asked li').waitFor();
    expect(await report.locator('.questions .asked li .question').textContent()).toBe(
      '¿Puedo viajar durante el tratamiento?',
    );
    expect(await report.locator('.questions').textContent()).toContain(es.format('questionWaiting'));
    expect(await report.locator('.questions').textContent()).toContain(
      es.format('questionsRemaining', { count: 2 }),
    );
    expect(await report.locator('.question-notice').textContent()).toBe(es.format('questionSent'));
    const call = report.locator('.call');
    await call.getByLabel(es.format('callTimes')).fill('Lunes por la mañana, hora de Nairobi');
    await call.getByRole('button', { name: es.format('callRequest') }).click();
    await call
      .getByText(es.format('callRequested', { times: 'Lunes por la mañana, hora de Nairobi' }))
      .waitFor();
    const asked = await local.api.call(
      'GET',
      `/relay/cases/${delivered.caseId}/questions`,
      delivered.hospital.token,
    );
    expect(asked.body.questions.map((question: { question: string }) => question.question)).toEqual([
      '¿Puedo viajar durante el tratamiento?',
    ]);
    expect(await seriousViolations(page, 'report (es)', axeRuns)).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'patient-page-report.png'), fullPage: true });
    await reader.close();
  }, 90_000);
});

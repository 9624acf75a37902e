import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../scripts/api-client';
import { launchChromium } from '../../scripts/chromium';
import { makeCtSeries } from '../../scripts/dicom-series';
import { dicomPersonName, makePdf } from '../../scripts/fixtures';
import { useLocalBackend } from '../e2e/harness';
import { type AxeRun, seriousViolations } from './axe';
import { settledCanvas } from './dicom-canvas';
import { watchProblems } from './page-problems';

/**
 * The hospital portal in Chromium, as a staff member of a sample hospital uses it: sign in,
 * the inbox (only this hospital's cases), a case with its summary and files, receipt; another
 * hospital's staff member gets nothing of it, through the page or the API.
 */
const local = useLocalBackend('hospital-portal');
const shot = (name: string) => `/tmp/portal-${name}.png`;

let browser: Browser;
const contexts: BrowserContext[] = [];
const axeRuns: AxeRun[] = [];
const pageProblems: string[] = [];
let caseA: { caseId: string; patientToken: string; hospital: { hospitalId: string; token: string } };
let caseB: { caseId: string };

beforeAll(async () => {
  browser = await launchChromium();
  // A CT series of 12 slices (JPEG 2000, as discs often carry) besides the harness's one image.
  const series = await makeCtSeries({
    syntax: 'jpeg-2000',
    slices: 12,
    size: 256,
    pixelSpacing: [0.7, 0.7],
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.90',
    seriesInstanceUid: '1.2.826.0.1.3680043.8.498.90.1',
    seriesNumber: 2,
    seriesDescription: 'Chest CT',
    patientName: dicomPersonName('Portal Patient A'),
  });
  caseA = await local.deliveredCase({
    hospitalIndex: 0,
    fullName: 'Portal Patient A',
    moreImaging: series.map((bytes, index) => ({
      fileName: `ct-${String(index + 1).padStart(3, '0')}.dcm`,
      contentType: 'application/dicom',
      bytes,
    })),
  });
  caseB = await local.deliveredCase({ hospitalIndex: 2, fullName: 'Portal Patient B', cancerType: 'lung' });
}, 120_000);
afterAll(async () => {
  await writeFile('/tmp/portal-axe-results.json', `${JSON.stringify(axeRuns, null, 2)}\n`);
  for (const context of contexts) await context.close();
  await browser?.close();
  expect(pageProblems).toEqual([]);
});

const portalUrl = () =>
  (local.backend.endpoints as { hospitalPortalUrl?: string }).hospitalPortalUrl ??
  `${local.backend.endpoints.apiUrl}/hospital`;

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  contexts.push(context);
  return watchProblems(await context.newPage(), pageProblems);
}

const staff = (hospitalId: string) => {
  const user = local.backend.endpoints.users.find(
    (candidate) => candidate.role === 'hospital' && candidate.hospitalId === hospitalId,
  );
  if (!user) throw new Error(`no sample staff member of ${hospitalId}`);
  return user;
};

/** Signs in on the provider's page (Email, Password, Sign in) and waits for the inbox. */
async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto(portalUrl());
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('main h1').waitFor();
}

async function toEnglish(page: Page) {
  await page.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
}

async function axeBothLanguages(page: Page, view: string) {
  // The portal opens in Chinese; every view is checked in both languages, ending in English.
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-Hans');
  await page.locator('main h1').waitFor();
  expect(await seriousViolations(page, `${view} (zh-Hans)`, axeRuns), `${view} zh`).toEqual([]);
  await page.screenshot({ path: shot(`${view}-zh`), fullPage: true });
  await toEnglish(page);
  await page.locator('main h1').waitFor();
  expect(await seriousViolations(page, `${view} (en)`, axeRuns), `${view} en`).toEqual([]);
  await page.screenshot({ path: shot(`${view}-en`), fullPage: true });
}

describe('the hospital portal', () => {
  it('opens in Chinese, lists only this hospital’s cases, and opens a case by its row', async () => {
    const page = await newPage();
    await signIn(page, staff(caseA.hospital.hospitalId));
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hans');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('送达本院的病例');
    const table = page.getByRole('table');
    await table.getByRole('row').filter({ hasText: caseA.caseId }).waitFor();
    expect(await table.getByRole('row').filter({ hasText: caseB.caseId }).count()).toBe(0);
    // New until someone opens it (when the API marks it).
    await axeBothLanguages(page, 'inbox');

    await table.getByRole('row').filter({ hasText: caseA.caseId }).locator('td').first().click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe(`Case ${caseA.caseId}`);
    await page.locator('#files table').waitFor();
    const rows = page.locator('#files tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    // Every file shows its size and SHA-256.
    for (const hash of await page.locator('#files code.hash').allTextContents())
      expect(hash).toMatch(/^[a-f0-9]{64}$/);
    await page.getByRole('button', { name: 'Confirm receipt' }).waitFor();
    await page.getByRole('button', { name: 'Open images' }).waitFor();
    await page.getByRole('button', { name: 'Download all' }).waitFor();
    await page.getByRole('button', { name: 'Write opinion' }).waitFor();
    await axeBothLanguages(page, 'case');
  }, 120_000);

  it('opens the CT series in the viewer: the image changes with a window preset and a slice scroll', async () => {
    const page = await newPage();
    await signIn(page, staff(caseA.hospital.hospitalId));
    await toEnglish(page);
    await page.goto(`${portalUrl()}#/cases/${caseA.caseId}`);
    await page.getByRole('button', { name: 'Open images' }).click();
    await page.getByRole('button', { name: /Chest CT/ }).click();
    const canvas = page.getByRole('img', { name: 'DICOM image' });
    await canvas.waitFor();
    const first = await settledCanvas(page);
    expect(first.litFraction).toBeGreaterThan(0.05);
    await page.getByLabel('Window preset').selectOption('lung');
    const lung = await settledCanvas(page);
    expect(lung.hash).not.toBe(first.hash);
    await canvas.focus();
    await page.keyboard.press('ArrowDown');
    const next = await settledCanvas(page);
    expect(next.hash).not.toBe(lung.hash);
    await axeBothLanguages(page, 'viewer');
    await page.getByRole('button', { name: 'Close viewer' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe(`Case ${caseA.caseId}`);
  }, 120_000);

  it('confirms receipt: Records complete starts the deadline', async () => {
    const page = await newPage(1024, 1366);
    await signIn(page, staff(caseA.hospital.hospitalId));
    await toEnglish(page);
    await page.goto(`${portalUrl()}#/cases/${caseA.caseId}`);
    await page.getByRole('button', { name: 'Confirm receipt' }).click();
    await page.getByRole('button', { name: 'Something is missing' }).waitFor();
    await axeBothLanguages(page, 'receipt');
    await page.getByRole('button', { name: 'Confirm receipt' }).click();
    await page.getByRole('button', { name: 'Records complete' }).click();
    await page
      .locator('#receipt [role="status"]')
      .filter({ hasText: 'Records confirmed complete' })
      .waitFor();
    const listed = await local.api.call('GET', '/relay/cases', caseA.hospital.token);
    const entry = (listed.body.cases as { caseId: string; deadline?: unknown }[]).find(
      (candidate) => candidate.caseId === caseA.caseId,
    );
    expect(entry?.deadline).toBeDefined();
    await page.screenshot({ path: shot('receipt-done'), fullPage: true });
  }, 120_000);

  it('downloads the whole package as one archive whose every file matches the manifest', async () => {
    const page = await newPage();
    await signIn(page, staff(caseA.hospital.hospitalId));
    await toEnglish(page);
    await page.goto(`${portalUrl()}#/cases/${caseA.caseId}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download all' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${caseA.caseId}-package.zip`);
    const archive = new Uint8Array(await readFile((await download.path()) ?? ''));
    const reader = new ZipReader(new Uint8ArrayReader(archive));
    const files = new Map<string, Uint8Array>();
    for (const entry of await reader.getEntries()) {
      if (!entry.directory) files.set(entry.filename, await entry.getData!(new Uint8ArrayWriter()));
    }
    await reader.close();
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as {
      files: { fileName: string; sha256: string }[];
    };
    expect(manifest.files.length).toBeGreaterThanOrEqual(3);
    for (const entry of manifest.files) {
      const bytes = files.get(entry.fileName);
      expect(bytes, entry.fileName).toBeDefined();
      expect(createHash('sha256').update(bytes!).digest('hex'), entry.fileName).toBe(entry.sha256);
    }
    await page.locator('#actions [role="status"]').filter({ hasText: 'every SHA-256 matches' }).waitFor();
  }, 120_000);

  it('writes and sends the opinion with its PDF; the patient then receives the report', async () => {
    const page = await newPage();
    await signIn(page, staff(caseA.hospital.hospitalId));
    await toEnglish(page);
    await page.goto(`${portalUrl()}#/cases/${caseA.caseId}`);
    await page.getByRole('button', { name: 'Write opinion' }).click();
    await page.getByRole('button', { name: 'Send opinion' }).waitFor();
    await axeBothLanguages(page, 'opinion');
    await page.getByLabel('Outcome', { exact: true }).selectOption('current-plan-optimal');
    await page.getByLabel('Recommended path', { exact: true }).selectOption('continue-current-plan');
    await page.getByLabel('Staging agrees', { exact: true }).selectOption('yes');
    await page.getByLabel('Specialist name', { exact: true }).fill('Dr. Li Wei');
    await page.getByLabel('Department', { exact: true }).fill('Breast Oncology');
    const pdf = makePdf(['Second opinion report', 'The current plan is optimal.']);
    await page.getByLabel('Report PDF', { exact: true }).setInputFiles({
      name: 'report.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await expect.poll(() => page.getByRole('button', { name: 'Send opinion' }).isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Send opinion' }).click();
    await page.waitForTimeout(3000);
    await page.screenshot({ path: shot('opinion-debug'), fullPage: true });
    await page
      .getByText(/The opinion was sent/)
      .first()
      .waitFor();
    await page.screenshot({ path: shot('opinion-sent'), fullPage: true });

    // The coordinator writes the plain-language summary; the patient then reads the report.
    const { coordinatorToken } = local.backend.endpoints;
    const summary = await local.api.call('POST', `/cases/${caseA.caseId}/summary`, coordinatorToken, {
      plainLanguageSummary: 'The specialist agrees with your current plan.',
    });
    expect(summary.status).toBe(200);
    // The report reaches the patient once the workflow has delivered it (asynchronous).
    const report = await waitFor('the patient’s report', async () => {
      const response = await local.api.call('GET', '/patient/report', caseA.patientToken);
      return response.status === 200 ? response : undefined;
    });
    expect(report.body.outcome).toBe('current-plan-optimal');
    const served = Buffer.from(await (await fetch(report.body.report.url as string)).arrayBuffer());
    expect(served.equals(pdf)).toBe(true);
  }, 180_000);

  it('gives another hospital’s staff member nothing of the case, through the page or the API', async () => {
    const other = staff(local.backend.endpoints.hospitals[2]!.hospitalId);
    const page = await newPage();
    await signIn(page, other);
    await toEnglish(page);
    await page.getByRole('table').getByRole('row').filter({ hasText: caseB.caseId }).waitFor();
    expect(await page.getByRole('table').getByRole('row').filter({ hasText: caseA.caseId }).count()).toBe(0);
    await page.goto(`${portalUrl()}#/cases/${caseA.caseId}`);
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#files').count()).toBe(0);

    const signedIn = await local.signIn(other.email, other.password);
    for (const path of ['package', 'package?purpose=viewer', 'questions']) {
      const read = await local.api.call('GET', `/relay/cases/${caseA.caseId}/${path}`, signedIn.accessToken);
      expect(read.status, path).toBe(404);
    }
    const receipt = await local.api.call(
      'POST',
      `/relay/cases/${caseA.caseId}/receipt`,
      signedIn.accessToken,
      {
        complete: true,
      },
    );
    expect(receipt.status).toBe(404);
  }, 120_000);
});

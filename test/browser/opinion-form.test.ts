import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { s3 } from '../../functions/adapters/aws-clients';
import { buckets } from '../../functions/contract';
import { hospitalPortalSecurityHeaders } from '../../functions/core/page-security';
import { waitFor } from '../../scripts/api-client';
import { launchChromium } from '../../scripts/chromium';
import { makePdf } from '../../scripts/fixtures';
import { useLocalBackend } from '../e2e/harness';
import { type AxeRun, seriousViolations } from './axe';
import { watchProblems } from './page-problems';

/**
 * The opinion view (web/hospital/opinion) in Chromium against the whole local backend: a small
 * page of this test's own mounts it as the portal will, under the portal's CSP, with the pages'
 * JSON client and a hospital's token. The local gateway answers no CORS, so this page's server
 * passes /relay and /patient through to the API (same origin for the page, as in the portal);
 * the PDF goes straight to storage with the presigned PUT.
 */
const local = useLocalBackend('opinion-form');
const root = join(import.meta.dirname, '..', '..');

let browser: Browser;
let context: BrowserContext;
let server: Server;
let origin: string;
const axeRuns: AxeRun[] = [];
const pageProblems: string[] = [];
/** What the page sent through to the API: method and path of each request. */
const forwarded: string[] = [];

async function harnessAssets(): Promise<Record<string, { type: string; body: Uint8Array }>> {
  const result = await build({
    entryPoints: { app: join(root, 'test/browser/opinion-harness/entry.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109'],
    write: false,
    outdir: '/harness',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const assets: Record<string, { type: string; body: Uint8Array }> = {};
  for (const file of result.outputFiles) {
    const name = file.path.slice('/harness'.length);
    assets[name] = {
      type: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      body: file.contents,
    };
  }
  return assets;
}

const page_html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Opinion</title><link rel="stylesheet" href="/app.css"></head>
<body><main id="main" tabindex="-1"></main>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
<script type="module" src="/app.js"></script></body></html>`;

async function forward(request: IncomingMessage, response: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  forwarded.push(`${request.method} ${request.url}`);
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const answer = await fetch(`${local.backend.endpoints.apiUrl}${request.url}`, {
    method: request.method ?? 'GET',
    headers,
    ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
  });
  response.writeHead(answer.status, {
    'content-type': answer.headers.get('content-type') ?? 'application/json',
    'cache-control': 'no-store',
  });
  response.end(Buffer.from(await answer.arrayBuffer()));
}

beforeAll(async () => {
  const assets = await harnessAssets();
  const storage = new URL(local.backend.endpoints.s3Endpoint).origin;
  server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/relay/') || path.startsWith('/patient/')) {
      forward(request, response).catch((error) => {
        response.writeHead(502).end(String(error));
      });
      return;
    }
    const security = hospitalPortalSecurityHeaders({
      oauth: local.backend.endpoints.auth.issuer,
      relay: storage,
    });
    const asset = assets[path];
    if (asset) {
      response.writeHead(200, { 'content-type': asset.type, ...security }).end(asset.body);
    } else if (path === '/favicon.ico') {
      response.writeHead(204).end();
    } else if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...security }).end(page_html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The relay bucket must take the portal's PUT of a report (see the report): set here, through
  // the S3 API, for this page's origin, as the deployment must for the portal's.
  await s3('relay').send(
    new PutBucketCorsCommand({
      Bucket: buckets.relay.localName,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [origin],
            AllowedMethods: ['GET', 'HEAD', 'PUT'],
            AllowedHeaders: ['content-type'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 3600,
          },
        ],
      },
    }),
  );
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
}, 90_000);

afterAll(async () => {
  await writeFile('/tmp/opinion-axe-results.json', `${JSON.stringify(axeRuns, null, 2)}\n`);
  await context?.close();
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  expect(pageProblems).toEqual([]);
  // Not only nothing serious: axe found nothing at all, in any view or language.
  expect(axeRuns.flatMap((run) => run.violations.map((violation) => `${run.view}: ${violation.id}`))).toEqual(
    [],
  );
});

async function openPage(hospitalToken: string, caseId: string, lang: 'en' | 'zh-Hans'): Promise<Page> {
  const page = watchProblems(await context.newPage(), pageProblems, 'any');
  await page.goto(origin);
  await page.waitForFunction(() => 'startOpinion' in window);
  await page.evaluate(
    ([token, id, language]) =>
      (window as unknown as { startOpinion(t: string, c: string, l: string): void }).startOpinion(
        token,
        id,
        language,
      ),
    [hospitalToken, caseId, lang] as const,
  );
  return page;
}

async function axe(page: Page, view: string) {
  expect(await seriousViolations(page, view, axeRuns), view).toEqual([]);
}

/** Both languages of what the page shows (the view mounted again), back in English afterwards. */
async function axeBothLanguages(page: Page, view: string, ready: (page: Page) => Promise<unknown>) {
  await axe(page, `${view} (en)`);
  await page.getByRole('button', { name: '简体中文' }).press('Enter');
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-Hans');
  await ready(page);
  await axe(page, `${view} (zh-Hans)`);
  await page.screenshot({ path: `/tmp/opinion-${view}-zh.png`, fullPage: true });
  await page.getByRole('button', { name: 'English' }).press('Enter');
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
  await ready(page);
}

/** Chooses a `<select>`'s option by keyboard: focus, then arrow keys until its value is `value`. */
async function chooseByKeyboard(page: Page, label: string, value: string) {
  const select = page.getByLabel(label, { exact: true });
  await select.focus();
  const values = await select
    .locator('option')
    .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  const from = values.indexOf(await select.inputValue());
  const to = values.indexOf(value);
  for (let step = from; step !== to; step += to > from ? 1 : -1) {
    await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  }
  expect(await select.inputValue()).toBe(value);
}

async function typeInto(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/**
 * The file input is reached by the keyboard (focus) and opens its chooser on Space; the test
 * hands the chooser a file. Headless Chromium under load sometimes never raises the chooser
 * event for a key press (seen once in CI): then the file goes to the focused input directly.
 */
async function chooseFile(page: Page, label: string, name: string, bytes: Buffer) {
  const input = page.getByLabel(label, { exact: true });
  await input.focus();
  const file = { name, mimeType: 'application/pdf', buffer: bytes };
  const chooser = await Promise.all([
    page.waitForEvent('filechooser', { timeout: 5_000 }),
    page.keyboard.press('Space'),
  ]).then(
    ([opened]) => opened,
    () => undefined,
  );
  if (chooser) await chooser.setFiles(file);
  else await input.setInputFiles(file);
}

/** Every `value` a `<progress>` under the view takes, from now on. */
async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.target instanceof HTMLProgressElement) seen.push(record.target.value);
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'] });
  });
}
const progressSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);

/** A PDF of about `megabytes`, so the upload takes long enough to show progress. */
const bigPdf = (title: string, megabytes: number) =>
  makePdf([
    title,
    ...Array.from({ length: Math.ceil((megabytes * 1024 * 1024) / 80) }, (_, n) =>
      `Line ${n} `.padEnd(70, '.'),
    ),
  ]);

describe('the opinion form in Chromium', () => {
  let caseId: string;
  let patientToken: string;
  let hospital: { token: string; hospitalId: string; name: string };
  let page: Page;
  const reportPosts = () =>
    forwarded.filter((line) => /^POST \/relay\/cases\/[^/]+\/report$/.test(line)).length;

  it('refuses a wrong field at the field with the schema’s message and sends nothing; a complete opinion with its PDF goes out and reaches the patient', async () => {
    const started = Date.now();
    ({ caseId, patientToken, hospital } = await local.deliveredCase({ fullName: 'Amani Opinion-Tester' }));
    await local.api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, { complete: true });
    await waitFor('the report wait', async () =>
      (await local.entered(caseId, 'WaitForReport')) > 0 ? true : undefined,
    );
    page = await openPage(hospital.token, caseId, 'en');
    await page.getByRole('button', { name: 'Send opinion' }).waitFor();

    // Every field has its accessible name, and the keyboard reaches each in the order of the form.
    for (const name of [
      'Outcome',
      'Recommended path',
      'Staging agrees',
      'Specialist name',
      'Department',
      'Report PDF',
    ]) {
      await expect.poll(() => page.getByLabel(name, { exact: true }).count(), { message: name }).toBe(1);
    }
    await page.getByLabel('Report PDF', { exact: true }).focus();
    const order: string[] = [];
    for (let step = 0; step < 40; step += 1) {
      const focused = await page.evaluate(
        () =>
          (document.activeElement as HTMLElement | null)?.dataset.label ??
          document.activeElement?.textContent ??
          '',
      );
      order.push(focused);
      if (focused === 'Send opinion') break;
      await page.keyboard.press('Tab');
    }
    const positions = [
      'Report PDF',
      'Report language',
      'Outcome',
      'Staging agrees',
      'Recommended path',
      'Specialist name',
      'Department',
      'Send opinion',
    ].map((name) => order.indexOf(name));
    expect(
      positions.every((position) => position >= 0),
      order.join(' | '),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // A tablet in portrait: nothing wider than the screen.
    await page.setViewportSize({ width: 768, height: 1024 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await page.screenshot({ path: '/tmp/opinion-tablet-en.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await axeBothLanguages(page, 'opinion-empty', (p) =>
      p.getByRole('button', { name: /Send opinion|发送意见/ }).waitFor(),
    );

    // An opinion with a trial but no registry id.
    await chooseByKeyboard(page, 'Outcome', 'travel-recommended');
    await page.getByLabel('A clinical trial', { exact: true }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('A drug not yet available in the patient’s country', { exact: true }).focus();
    await page.keyboard.press('Space');
    await typeInto(
      page,
      'Explanation: A drug not yet available in the patient’s country',
      'Amivantamab is not registered there.',
    );
    await chooseByKeyboard(page, 'Staging agrees', 'no');
    await typeInto(page, 'Specialist’s staging', 'pT2N1M0');
    await chooseByKeyboard(page, 'Recommended path', 'clinical-trial');
    await typeInto(page, 'Option 1', 'Screening for the trial at our hospital.');
    await page.getByRole('button', { name: 'Add an option' }).press('Enter');
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLElement).dataset.label))
      .toBe('Option 2');
    await page.keyboard.type('Second-line chemotherapy at home if not eligible.');
    await page.getByLabel('Surgical resectability needs an in-person surgical assessment.').focus();
    await page.keyboard.press('Space');
    await typeInto(page, 'Specialist name', 'Dr. Zhang Min');
    await typeInto(page, 'Department', 'Thoracic Oncology');
    await page.getByLabel('Report language', { exact: true }).waitFor();
    await chooseByKeyboard(page, 'Report language', 'en');

    // What was typed survives the view drawn again in Chinese (the portal's language switch).
    await page.getByRole('button', { name: '简体中文' }).press('Enter');
    expect(await page.getByLabel('专科医生姓名', { exact: true }).inputValue()).toBe('Dr. Zhang Min');
    expect(await page.getByLabel('参加临床试验', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('结论', { exact: true }).inputValue()).toBe('travel-recommended');
    await page.getByRole('button', { name: 'English' }).press('Enter');

    // The preview shows the patient's page as it will read.
    const preview = page.locator('.patient-view');
    await expect.poll(() => preview.textContent()).toContain('Specialist: Dr. Zhang Min, Thoracic Oncology');
    expect(await preview.textContent()).toContain('The specialist stages your cancer differently: pT2N1M0.');
    expect(await preview.textContent()).toContain(
      'Surgical resectability needs an in-person surgical assessment.',
    );

    // Send: the schema stops it at the registry id, before any upload or request.
    await page.getByRole('button', { name: 'Send opinion' }).press('Enter');
    const trial = page.getByLabel('Trial registry id', { exact: true });
    await expect.poll(() => trial.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await trial.getAttribute('aria-describedby')) ?? '';
    const errorTexts = await Promise.all(
      describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()),
    );
    expect(errorTexts).toContain('Give the trial’s registry id.');
    expect(await page.getByLabel('Report PDF', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    const summary = page.locator('.error-summary');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Report PDF: Upload the report PDF first.',
      'Trial registry id: Give the trial’s registry id.',
    ]);
    // Drawn again in the other language, the same send shows the same issues in its words.
    await axeBothLanguages(page, 'opinion-errors', async (p) => {
      await p.getByRole('button', { name: /Send opinion|发送意见/ }).press('Enter');
      await p.locator('.error-summary a').first().waitFor();
      expect([
        ['Report PDF: Upload the report PDF first.', 'Trial registry id: Give the trial’s registry id.'],
        ['报告PDF：请先上传报告PDF。', '临床试验注册号：请填写该临床试验的注册号。'],
      ]).toContainEqual(await p.locator('.error-summary a').allTextContents());
    });
    // The summary's link takes the keyboard to the field; the address stays (the portal routes on it).
    await summary.getByRole('link', { name: /Trial registry id/ }).focus();
    const before = page.url();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.label)).toBe(
      'Trial registry id',
    );
    expect(page.url()).toBe(before);
    expect(reportPosts()).toBe(0);
    expect(forwarded.filter((line) => line.includes('/report-uploads'))).toEqual([]);

    // The PDF, with progress (the upload slowed to ~1 MB/s so the bar moves).
    await page.keyboard.type('NCT01234567');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });
    await recordProgress(page);
    const pdf = bigPdf('Second opinion: enrolment in a clinical trial is recommended.', 2);
    await chooseFile(page, 'Report PDF', 'opinion.pdf', pdf);
    await expect.poll(() => page.getByRole('button', { name: 'Send opinion' }).isDisabled()).toBe(true);
    await expect
      .poll(() => page.locator('.upload-status').first().textContent(), { timeout: 20_000 })
      .toMatch(/^Uploaded: opinion\.pdf \([12]\.\d MB\), 100%$/);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const seen = await progressSeen(page);
    expect(seen.at(-1)).toBe(100);
    expect(seen.filter((value) => value > 0 && value < 100).length).toBeGreaterThan(0);
    expect(await page.locator('.upload-percent').first().textContent()).toBe('Uploading: 100%');
    expect(await page.getByRole('button', { name: 'Send opinion' }).isDisabled()).toBe(false);
    console.info(`upload progress values seen: ${seen.length} (${seen.join(', ')})`);

    await page.getByRole('button', { name: 'Send opinion' }).press('Enter');
    const confirmation = page.locator('.confirmation');
    await expect
      .poll(() => confirmation.textContent(), { timeout: 15_000 })
      .toBe('The opinion was sent. The case is now: awaiting-summary.');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('confirmation'))).toBe(true);
    expect(reportPosts()).toBe(1);

    // What the hospital sent is what the case holds; the patient receives it.
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    expect(view.body.report.opinion).toEqual({
      outcome: 'travel-recommended',
      travelReasons: [
        { reason: 'novel-drug', detail: 'Amivantamab is not registered there.' },
        { reason: 'clinical-trial', trialId: 'NCT01234567' },
      ],
      stagingAgreement: { agrees: false, specialistStaging: 'pT2N1M0' },
      recommendedPath: 'clinical-trial',
      optionsRecommended: [
        'Screening for the trial at our hospital.',
        'Second-line chemotherapy at home if not eligible.',
      ],
      limitsNoted: ['resectability'],
    });
    const draft = await local.api.call(
      'GET',
      `/cases/${caseId}/summary-draft`,
      local.backend.endpoints.coordinatorToken,
    );
    await local.api.call('POST', `/cases/${caseId}/summary`, local.backend.endpoints.coordinatorToken, {
      plainLanguageSummary: draft.body.draft,
    });
    const delivered = await waitFor('report delivery', async () => {
      const response = await local.api.call('GET', '/patient/report', patientToken);
      return response.status === 200 ? response.body : undefined;
    });
    expect(delivered.specialist).toEqual({ name: 'Dr. Zhang Min', department: 'Thoracic Oncology' });
    expect(delivered.outcome).toBe('travel-recommended');
    expect(delivered.limitsNotedBySpecialist).toEqual([
      'Surgical resectability needs an in-person surgical assessment.',
    ]);
    expect(delivered.plainLanguageSummary).toContain('a clinical trial (NCT01234567)');
    const downloaded = await fetch(delivered.report.url);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(pdf)).toBe(true);
    console.info(`opinion sent and delivered in ${Date.now() - started} ms`);
  }, 120_000);

  it('shows the patient’s follow-up questions and sends the addendum answer, checked the same way', async () => {
    const asked: string[] = [];
    for (const question of ['Can I travel during treatment?', 'How long would the trial last?']) {
      const response = await local.api.call('POST', '/patient/questions', patientToken, { question });
      expect(response.status).toBe(201);
      asked.push(response.body.question.questionId);
    }
    await page.getByRole('button', { name: 'Check for new questions' }).press('Enter');
    const items = page.locator('.question-list > li');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).textContent()).toContain('Can I travel during treatment?');
    expect(await items.locator('.badge').allTextContents()).toEqual([
      'Awaiting your answer',
      'Awaiting your answer',
    ]);
    await axeBothLanguages(page, 'follow-up', (p) => p.locator('.question-list > li').nth(1).waitFor());

    // Nothing typed: refused at the answers, nothing sent.
    const addendumPosts = () => forwarded.filter((line) => line.endsWith('/addendum')).length;
    await page.getByRole('button', { name: 'Send addendum' }).press('Enter');
    await expect
      .poll(() => page.locator('.addendum-form .error-summary a').allTextContents())
      .toEqual(['Answers: Answer at least one question.', 'Addendum PDF: Upload the addendum PDF first.']);
    expect(addendumPosts()).toBe(0);

    await typeInto(page, 'Answer to question 1', 'Yes, between cycles, with your oncologist’s agreement.');
    await recordProgress(page);
    await chooseFile(
      page,
      'Addendum PDF',
      'addendum.pdf',
      makePdf(['Addendum: answers to the patient questions.']),
    );
    await expect
      .poll(() => page.locator('.addendum-form .upload-status').textContent(), { timeout: 15_000 })
      .toMatch(/^Uploaded: addendum\.pdf/);
    expect((await progressSeen(page)).at(-1)).toBe(100);
    await page.getByRole('button', { name: 'Send addendum' }).press('Enter');
    await expect
      .poll(() => items.locator('.badge').allTextContents(), { timeout: 15_000 })
      .toEqual(['Answered', 'Awaiting your answer']);
    expect(addendumPosts()).toBe(1);
    expect(await page.locator('.op-section > .form-status').textContent()).toBe(
      'The addendum was sent; the patient is told.',
    );
    // The form now offers only the question still open.
    expect(await page.getByLabel('Answer to question 2', { exact: true }).count()).toBe(1);
    expect(await page.getByLabel('Answer to question 1', { exact: true }).count()).toBe(0);

    const listed = await local.api.call('GET', `/relay/cases/${caseId}/questions`, hospital.token);
    expect(listed.body.questions.map((question: { answered: boolean }) => question.answered)).toEqual([
      true,
      false,
    ]);
    const report = await local.api.call('GET', '/patient/report', patientToken);
    expect(report.body.addenda).toHaveLength(1);
    expect(report.body.questions[0]).toMatchObject({
      questionId: asked[0],
      answer: 'Yes, between cycles, with your oncologist’s agreement.',
    });
    await page.screenshot({ path: '/tmp/opinion-follow-up-en.png', fullPage: true });
  }, 90_000);
});

import { writeFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteReviewLimitIds } from '../../functions/core/opinion';
import { waitFor } from '../../scripts/api-client';
import { postReport, uploadReport } from '../../scripts/case-steps';
import { launchChromium } from '../../scripts/chromium';
import { dicomPersonName, makeDicom, makePdf, sampleTreatmentHistory } from '../../scripts/fixtures';
import { useLocalBackend } from '../e2e/harness';
import { type AxeRun, seriousViolations } from './axe';
import { watchProblems } from './page-problems';

const local = useLocalBackend('console');
/** Screenshots a person looks at after the run (not committed). */
const shot = (name: string) => `/tmp/console-${name}.png`;

let browser: Browser;
const contexts: BrowserContext[] = [];
const axeRuns: AxeRun[] = [];
/** Script errors and CSP refusals on any page: none is expected. */
const pageProblems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await writeFile('/tmp/console-axe-results.json', `${JSON.stringify(axeRuns, null, 2)}\n`);
  for (const context of contexts) await context.close();
  await browser?.close();
  expect(pageProblems).toEqual([]);
});

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: local.backend.endpoints.apiUrl,
  });
  contexts.push(context);
  return watchProblems(await context.newPage(), pageProblems);
}

const person = (role: 'coordinator' | 'hospital', index = 0) => {
  const user = local.backend.endpoints.users.filter((candidate) => candidate.role === role)[index];
  if (!user) throw new Error(`no sample ${role} user`);
  return user;
};

/** Signs in on the provider's page, by its Email, Password and Sign in. */
async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto(local.backend.endpoints.consoleUrl);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function axe(page: Page, view: string) {
  const found = await seriousViolations(page, view, axeRuns);
  expect(found, view).toEqual([]);
}

/** Both languages of whatever the page shows, back in English afterwards. */
async function axeBothLanguages(page: Page, view: string) {
  await axe(page, `${view} (en)`);
  await page.getByRole('button', { name: '简体中文' }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-Hans');
  await page.locator('main h1').waitFor();
  await axe(page, `${view} (zh-Hans)`);
  await page.screenshot({ path: shot(`${view.replace(/\W+/g, '-')}-zh`), fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
}

const caseUrl = (caseId: string) => `${local.backend.endpoints.consoleUrl}#/cases/${caseId}`;
const statusOf = (page: Page) => page.locator('#overview .status').getAttribute('data-status');

describe('the coordinator console in Chromium', () => {
  let page: Page;
  let caseId: string;

  it('a coordinator signs in, opens a case with the form, copies the patient link, and takes the case to completion', async () => {
    const started = Date.now();
    page = await newPage();
    const { apiUrl, hospitals } = local.backend.endpoints;
    const hospital = hospitals[0]!;
    const api = local.api;

    await signIn(page, person('coordinator'));
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    expect(page.url()).toBe(`${apiUrl}/console`); // the code and state left the address bar
    const headers = (await page.request.get(`${apiUrl}/console`)).headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");

    // New case, through the form.
    await page.getByRole('button', { name: 'New case' }).click();
    await page.getByLabel('Full name').waitFor();
    await axeBothLanguages(page, 'new-case');
    await page.getByRole('button', { name: 'Create case' }).click();
    await expect.poll(() => page.getByLabel('Full name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Full name').fill('Wanjiru Console-Tester');
    await page.getByLabel('Email', { exact: true }).fill('wanjiru@example.org');
    await page.getByLabel('Date of birth').fill('1968-05-17');
    await page.getByLabel('Country').fill('Kenya');
    await page.getByLabel('Language', { exact: true }).fill('sw');
    await page.getByLabel('Cancer type').selectOption('breast');
    await page.getByLabel('Question').fill('Is surgery first the right order, or chemotherapy first?');
    await page.getByLabel('Proton therapy').check();
    // What was typed survives a change of language.
    await page.getByRole('button', { name: '简体中文' }).click();
    expect(await page.getByLabel('姓名').inputValue()).toBe('Wanjiru Console-Tester');
    expect(await page.getByLabel('质子治疗').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'English' }).click();
    await page.screenshot({ path: shot('new-case'), fullPage: true });
    await page.getByRole('button', { name: 'Create case' }).click();
    // The link also went to the patient by email (ticked by default).
    await page.getByText('The link was emailed to the patient.').waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    const patientLink = await page.evaluate(() => navigator.clipboard.readText());
    expect(patientLink).toMatch(new RegExp(`^${apiUrl}/upload#pt_`));
    expect(await page.getByLabel('Patient link').inputValue()).toBe(patientLink);
    caseId = (await page.locator('[data-case]').getAttribute('data-case')) ?? '';
    const patientToken = decodeURIComponent(new URL(patientLink).hash.slice(1));
    await page.screenshot({ path: shot('created') });

    // The case view, open while the records arrive.
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByRole('heading', { name: `Case ${caseId}` }).waitFor();
    expect(await statusOf(page)).toBe('collecting');
    // What is missing, emailed to the patient (Swahili has no catalogue: English).
    await page.getByRole('button', { name: 'Email what is still missing' }).click();
    await page
      .locator('#patient-emails')
      .getByText(/^Emailed the patient \d+ open gaps\.$/)
      .waitFor();
    const emailed = (await local.mail(caseId)).map((mail) => mail.key);
    expect(emailed).toEqual(['patient-link', expect.stringMatching(/^patient-missing-records-mail_/)]);
    // The pathology report comes by email: the coordinator uploads it on the patient's behalf.
    await page.getByLabel('Checklist item').selectOption('pathology-report');
    await page.getByLabel('File').setInputFiles({
      name: 'pathology.pdf',
      mimeType: 'application/pdf',
      buffer: makePdf([
        'Invasive ductal carcinoma, grade 2, pT1cN0.',
        'ER positive, PR positive, HER2 negative.',
      ]),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.locator('#upload').getByText('pathology.pdf was uploaded and is being checked.').waitFor();
    expect(await page.getByRole('progressbar', { name: 'Upload progress' }).getAttribute('value')).toBe(
      '100',
    );
    // The patient sends the imaging and the history, and consents, through the API.
    await local.upload(
      patientToken,
      'imaging',
      'ct.dcm',
      'application/dicom',
      makeDicom({ patientName: dicomPersonName('Wanjiru Console-Tester') }),
    );
    await api.call('PUT', '/patient/treatment-history', patientToken, sampleTreatmentHistory());
    await api.call('POST', '/patient/consent', patientToken, {
      hospitalId: hospital.hospitalId,
      accepted: true,
      acknowledgedLimits: remoteReviewLimitIds,
      fullName: 'Wanjiru Console-Tester',
    });
    const accepted = (item: string) =>
      page.locator(`#checklist li[data-item="${item}"][data-status="accepted"]`);
    await accepted('pathology-report').waitFor({ timeout: 20_000 });
    await accepted('imaging').waitFor({ timeout: 20_000 });
    await accepted('treatment-history').waitFor();
    await page.locator('#imaging .studies li').first().waitFor();
    await page.getByText('Left lumpectomy', { exact: false }).waitFor();
    await page.locator('#consent').getByText(hospital.name).waitFor();

    // The advisory gap (no recent blood work) is waived with a reason, in a dialog.
    const advisory = page.locator('#gaps li[data-gap="tumor-markers:missing"]');
    await advisory.getByRole('button', { name: /^Waive/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Waive this gap' });
    await expect
      .poll(() => dialog.getByLabel('Reason').evaluate((field) => field === document.activeElement))
      .toBe(true);
    await dialog.getByLabel('Reason').fill('Blood work is recent and in the pathology report.');
    await dialog.getByRole('button', { name: 'Waive', exact: true }).click();
    await advisory.waitFor({ state: 'detached' });
    await page.locator('#gaps [data-waived="tumor-markers:missing"]').waitFor();
    await axeBothLanguages(page, 'case');
    await page.screenshot({ path: shot('case-collecting'), fullPage: true });

    // Submit: the hospital the patient consented to is chosen; its reasons are shown.
    const match = page.locator(`#hospital [data-hospital="${hospital.hospitalId}"]`);
    expect(await match.getByRole('radio').isChecked()).toBe(true);
    await match.locator('.reasons li').first().waitFor();
    await page.getByRole('button', { name: 'Submit to hospital' }).click();
    await page.locator('#hospital [data-field="submitted"]').waitFor();
    await expect.poll(() => statusOf(page), { timeout: 20_000 }).toBe('awaiting-receipt');

    // The hospital confirms receipt: the deadline appears.
    const receipt = await api.call('POST', `/relay/cases/${caseId}/receipt`, hospital.token, {
      complete: true,
    });
    expect(receipt.status).toBe(200);
    const expected = page.locator('#deadline [data-field="expected-date"]');
    await expected.waitFor();
    expect(await expected.textContent()).toMatch(/\d{4}/);
    expect(Number(await page.locator('#deadline [data-field="days-left"]').textContent())).toBeGreaterThan(0);
    await expect.poll(() => statusOf(page)).toBe('under-review');

    // The report arrives; the draft summary is edited and sent.
    const uploadId = await uploadReport(api, caseId, hospital.token);
    await waitFor('the report accepted', async () =>
      (await postReport(api, caseId, hospital.token, uploadId)).status === 200 ? true : undefined,
    );
    await page.locator('#report [data-field="outcome"]').waitFor({ timeout: 20_000 });
    const summary = page.getByLabel('Plain-language summary');
    await expect.poll(() => summary.inputValue(), { timeout: 20_000 }).toContain('Dr. Sample Specialist');
    // The overview's next step takes the keyboard to the summary.
    await page.getByRole('button', { name: 'Write the summary for the patient' }).click();
    await expect.poll(() => summary.evaluate((field) => field === document.activeElement)).toBe(true);
    await summary.press('End');
    await summary.pressSequentially('\nYour coordinator will call you this week to talk it through.');
    await page.screenshot({ path: shot('case-summary'), fullPage: true });
    await page.getByRole('button', { name: 'Send summary' }).click();
    await expect.poll(() => statusOf(page), { timeout: 20_000 }).toBe('completed');
    expect(await page.locator('#summary .summary-text').textContent()).toContain('call you this week');
    // After the report: a clinician-to-clinician call.
    await page
      .getByLabel('Note for the hospital')
      .fill('The home oncologist would like to discuss the staging.');
    await page.getByRole('button', { name: 'Request the call' }).click();
    await page
      .locator('#follow-up')
      .getByText(/^Requested on /)
      .waitFor();
    await page.screenshot({ path: shot('case-completed'), fullPage: true });

    // The list, filtered to completed cases, has the case with the API's status word.
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByLabel('Status').selectOption('completed');
    const row = page.locator(`table.cases tbody tr[data-case="${caseId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('completed');
    expect(
      await page
        .getByRole('table')
        .getByRole('row', { name: new RegExp(caseId) })
        .count(),
    ).toBe(1);
    await page.screenshot({ path: shot('list') });
    await axeBothLanguages(page, 'list');
    console.info(`console: case to completion in ${Date.now() - started} ms`);
  }, 120_000);

  it('erases a second case once its id is typed; a 409 on submit lists the blocking gaps in place', async () => {
    const second = await local.openCase({ fullName: 'Second Console-Case' });
    // Found by its id from the list.
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByLabel('Find by case id').fill(second.caseId);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('heading', { name: `Case ${second.caseId}` }).waitFor();
    await page.getByRole('button', { name: 'Submit to hospital' }).click();
    const refusal = page.locator('#hospital .message[data-kind="error"]');
    await refusal.getByText('The case cannot be submitted yet. These gaps block it:').waitFor();
    expect(await refusal.locator('li').count()).toBeGreaterThanOrEqual(3);
    // A gap of the coordinator's own, and a diagnosis entered by hand.
    await page.getByLabel('Item', { exact: true }).selectOption('imaging');
    await page.getByLabel('Severity').selectOption('blocking');
    await page.getByLabel('What is missing').fill('The 2025 PET-CT is missing.');
    await page.getByRole('button', { name: 'Add gap' }).click();
    await page
      .locator('#gaps li[data-severity="blocking"]')
      .getByText('The 2025 PET-CT is missing.')
      .waitFor();
    await page.getByRole('button', { name: 'Correct the diagnosis' }).click();
    await page.getByLabel('Histology').fill('adenocarcinoma');
    await page.getByLabel('Stage').fill('cT2N1M0');
    await page.getByRole('button', { name: 'Add a marker' }).click();
    await page.getByLabel('Marker', { exact: true }).fill('EGFR');
    await page.getByLabel('Result', { exact: true }).fill('exon 19 deletion');
    await page.getByRole('button', { name: 'Save diagnosis' }).click();
    await page.locator('#diagnosis').getByText('EGFR: exon 19 deletion').waitFor();
    expect(await page.locator('#diagnosis').getByText('Corrected by a coordinator').count()).toBe(1);

    const erase = page.getByRole('button', { name: 'Erase case' });
    await erase.click();
    const dialog = page.getByRole('dialog', { name: 'Erase case' });
    await dialog.getByLabel(/Type the case id/).fill(caseId); // the other case's id: a slip
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await dialog.getByText('The id typed is not this case’s.').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => erase.evaluate((button) => button === document.activeElement)).toBe(true);
    await erase.click();
    await dialog.getByLabel(/Type the case id/).fill(second.caseId);
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const gone = await local.api.call(
      'GET',
      `/cases/${second.caseId}`,
      local.backend.endpoints.coordinatorToken,
    );
    expect(gone.status).toBe(404);
    // The first case is untouched.
    const kept = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    expect(kept.body.status).toBe('completed');
  }, 60_000);

  it('creates a case by keyboard alone, in a logical order', async () => {
    await page.goto(`${local.backend.endpoints.consoleUrl}#/cases`);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        const label = element?.id
          ? document.querySelector(`label[for="${element.id}"]`)?.textContent
          : undefined;
        return label ?? element?.textContent?.trim() ?? '';
      });
    /** Presses Tab until `name` has the focus, at most `most` times. */
    const tabTo = async (name: string, most = 40) => {
      for (let presses = 0; presses < most; presses += 1) {
        await page.keyboard.press('Tab');
        if ((await focused()) === name) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    await tabTo('New case');
    await page.keyboard.press('Enter');
    await page.getByLabel('Full name').waitFor();
    // Each field is the next Tab stop after the one before (a date field's day and year
    // segments are Tab stops of their own): the order is the form's visual order.
    const next = (name: string, most = 1) => tabTo(name, most);
    await next('Full name');
    await page.keyboard.type('Keyboard Only-Patient');
    await next('Email');
    await page.keyboard.type('keyboard@example.org');
    await next('Date of birth');
    await page.keyboard.type('03041975'); // month, day, year: each segment moves on when full
    await next('Country', 3);
    await page.keyboard.type('Ghana');
    await next('Language');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('en');
    await next('Cancer type');
    await page.keyboard.press('l'); // Lung, by type-ahead on the focused select
    await next('Question');
    await page.keyboard.type('Should I travel for treatment?');
    await next('Expedited review');
    await page.keyboard.press('Space');
    await tabTo('Create case');
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { name: /^Case case_\w+ is open\.$/ });
    await heading.waitFor();
    expect(await heading.evaluate((element) => element === document.activeElement)).toBe(true);
    await tabTo('Copy');
    await page.keyboard.press('Enter');
    await page.getByText('Copied to the clipboard.').waitFor();
    const created = (await page.locator('[data-case]').getAttribute('data-case')) ?? '';
    const view = await local.api.call('GET', `/cases/${created}`, local.backend.endpoints.coordinatorToken);
    expect(view.body).toMatchObject({
      cancerType: 'lung',
      expedited: true,
      patient: {
        fullName: 'Keyboard Only-Patient',
        dateOfBirth: '1975-03-04',
        country: 'Ghana',
        language: 'en',
      },
    });
  }, 60_000);

  it('fits a tablet (768 px) with nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(caseUrl(caseId));
    await page.locator('#report [data-field="outcome"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await page.screenshot({ path: shot('tablet-case'), fullPage: true });
    // Every view of the banner, without a reload.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    for (const [name, hash] of [
      ['Hospitals', '#/hospitals'],
      ['At a glance', '#/glance'],
    ] as const) {
      await page.getByRole('link', { name }).click();
      await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(hash);
      await page.locator('main h1').waitFor();
    }
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await page.screenshot({ path: shot('tablet-list'), fullPage: true });
  }, 30_000);

  it('signs out everywhere: tokens gone from the tab, the refresh token dead, the next visit asks for the password', async () => {
    const { auth } = local.backend.endpoints;
    const refreshToken = await page.evaluate(() => sessionStorage.getItem('console-refresh-token'));
    expect(refreshToken).toBeTruthy();
    expect(await page.evaluate(() => [localStorage.length, document.cookie])).toEqual([0, '']);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Password').waitFor();
    await page.goto(local.backend.endpoints.consoleUrl);
    await page.getByLabel('Password').waitFor();
    const refreshed = await fetch(`${auth.issuer}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken ?? '',
        client_id: auth.consoleClientId,
      }),
    });
    expect(refreshed.status).toBe(400);
  }, 30_000);

  it('refuses a hospital staff member, with a way to sign out', async () => {
    const staff = await newPage();
    await signIn(staff, person('hospital'));
    await staff.getByRole('heading', { name: 'This account cannot use the coordinator console' }).waitFor();
    expect(await staff.getByRole('table').count()).toBe(0);
    await staff.screenshot({ path: shot('refused') });
    await staff.getByRole('button', { name: 'Sign out' }).click();
    await staff.getByLabel('Password').waitFor();
  }, 30_000);

  it('signs an idle console out after 30 minutes without input', async () => {
    const idle = await newPage();
    await idle.clock.install();
    await signIn(idle, person('coordinator', 1));
    await idle.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    await idle.clock.fastForward('29:00');
    expect(await idle.getByRole('heading', { name: 'Cases', level: 1 }).isVisible()).toBe(true);
    await idle.clock.fastForward('01:30');
    await idle.getByLabel('Password').waitFor();
  }, 30_000);
});

import { writeFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium';
import { makeDicom } from '../../scripts/fixtures';
import { useLocalBackend } from '../e2e/harness';
import { type AxeRun, seriousViolations } from './axe';
import { overflowing } from './overflow';
import { watchProblems } from './page-problems';

/**
 * The right patient, in the console: a CT study labelled with another patient's name and birth
 * date gives the case a blocking identity gap; the coordinator removes the document from the gap
 * report by keyboard alone (an empty reason is refused at the field), waives a second such gap
 * (listed as an identity check, not by its id), and removes a third file from the checklist.
 * axe-core on the page and on the open dialog; the new strings in Chinese; screenshots at
 * 1280 px and 390 px for a person to look at.
 */
const local = useLocalBackend('console-identity');
const shot = (name: string) => `/tmp/console-identity-${name}.png`;

let browser: Browser;
const contexts: BrowserContext[] = [];
const axeRuns: AxeRun[] = [];
const pageProblems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await writeFile('/tmp/console-identity-axe-results.json', `${JSON.stringify(axeRuns, null, 2)}\n`);
  for (const context of contexts) await context.close();
  await browser?.close();
  expect(pageProblems).toEqual([]);
});

async function newPage(width: number, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  contexts.push(context);
  return watchProblems(await context.newPage(), pageProblems);
}

async function signIn(page: Page) {
  const user = local.backend.endpoints.users.find((candidate) => candidate.role === 'coordinator');
  if (!user) throw new Error('no sample coordinator');
  await page.goto(local.backend.endpoints.consoleUrl);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
}

async function axe(page: Page, view: string) {
  expect(await seriousViolations(page, view, axeRuns), view).toEqual([]);
}

async function switchTo(page: Page, lang: 'en' | 'zh-Hans') {
  await page.getByRole('button', { name: lang === 'en' ? 'English' : '简体中文' }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
  await page.locator('main h1').waitFor();
}

/** The focused element's `data-key` (or, failing that, its text), as the keyboard sees it. */
const focusedKey = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.dataset.key ?? element?.textContent?.trim() ?? '';
  });

/** Presses Tab until the element `matches` has the focus, at most `most` times. */
async function tabTo(page: Page, matches: (key: string) => boolean, most = 80) {
  for (let presses = 0; presses < most; presses += 1) {
    await page.keyboard.press('Tab');
    if (matches(await focusedKey(page))) return;
  }
  throw new Error('Tab never reached the control');
}

const isFocused = (locator: ReturnType<Page['locator']>) =>
  locator.evaluate((element) => element === document.activeElement);

describe('identity gaps in the console, in Chromium', () => {
  let caseId: string;
  let ctId: string;
  let mrId: string;
  let matchingId: string;

  beforeAll(async () => {
    const opened = await local.openCase({ fullName: 'Amara Okafor', dateOfBirth: '1980-04-02' });
    caseId = opened.caseId;
    ctId = await local.upload(
      opened.patientToken,
      'imaging',
      'ct.dcm',
      'application/dicom',
      makeDicom({ patientName: 'Mbeki^Thabo', patientBirthDate: '19650101' }),
    );
    // A second study of the same other patient, and one that is Amara Okafor's own.
    mrId = await local.upload(
      opened.patientToken,
      'imaging',
      'mr.dcm',
      'application/dicom',
      makeDicom({
        modality: 'MR',
        patientName: 'Mbeki^Thabo',
        patientBirthDate: '19650101',
        studyInstanceUid: '1.2.826.0.1.3680043.8.498.2',
        seriesInstanceUid: '1.2.826.0.1.3680043.8.498.2.1',
        sopInstanceUid: '1.2.826.0.1.3680043.8.498.2002',
      }),
    );
    matchingId = await local.upload(
      opened.patientToken,
      'imaging',
      'own.dcm',
      'application/dicom',
      makeDicom({
        patientName: 'Okafor^Amara',
        patientBirthDate: '19800402',
        studyInstanceUid: '1.2.826.0.1.3680043.8.498.3',
        seriesInstanceUid: '1.2.826.0.1.3680043.8.498.3.1',
        sopInstanceUid: '1.2.826.0.1.3680043.8.498.3003',
      }),
    );
    await local.backend.idle();
    // What the console is about to show, straight from the API: the backend's verdicts.
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    const gaps = view.body.gaps as { gapId: string; severity: string }[];
    expect(gaps).toContainEqual(expect.objectContaining({ gapId: `identity:${ctId}`, severity: 'blocking' }));
    expect(gaps).toContainEqual(expect.objectContaining({ gapId: `identity:${mrId}`, severity: 'blocking' }));
    expect(gaps.some((gap) => gap.gapId === `identity:${matchingId}`)).toBe(false);
  }, 60_000);

  it('fits a phone (390 px): the identity gaps with both actions, nothing wider than the screen', async () => {
    const phone = await newPage(390, 844);
    await signIn(phone);
    await phone.goto(`${local.backend.endpoints.consoleUrl}#/cases/${caseId}`);
    const gap = phone.locator(`#gaps li[data-gap="identity:${ctId}"]`);
    await gap.getByRole('button', { name: /^Remove document/ }).waitFor();
    // Named, so a failure says what is too wide (a box, or text running out of its box).
    expect(await overflowing(phone)).toEqual([]);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await gap.scrollIntoViewIfNeeded();
    await phone.screenshot({ path: shot('390-gaps') });
    await phone.locator('#checklist').screenshot({ path: shot('390-checklist') });
    await gap.getByRole('button', { name: /^Remove document/ }).click();
    await phone.getByRole('dialog', { name: 'Remove this document' }).getByLabel('Reason').waitFor();
    await phone.screenshot({ path: shot('390-dialog') });
    await phone.keyboard.press('Escape');
  }, 60_000);

  it('removes the mismatched CT study from the gap report by keyboard alone', async () => {
    const page = await newPage(1280);
    await signIn(page);
    await page.goto(`${local.backend.endpoints.consoleUrl}#/cases/${caseId}`);
    const gap = page.locator(`#gaps li[data-gap="identity:${ctId}"][data-severity="blocking"]`);
    await gap.waitFor();
    expect(await gap.textContent()).toContain('labelled with another name and birth date');
    // Beside Waive, Remove document; and every accepted file has Remove in the checklist.
    expect(await gap.getByRole('button', { name: /^Waive/ }).count()).toBe(1);
    for (const id of [ctId, mrId, matchingId]) {
      await page
        .locator(`#checklist li[data-document="${id}"][data-status="accepted"]`)
        .getByRole('button', { name: /^Remove / })
        .waitFor();
    }
    await axe(page, 'case with identity gaps');

    // The Chinese console says the same in Chinese.
    await switchTo(page, 'zh-Hans');
    await page
      .locator(`#gaps li[data-gap="identity:${ctId}"]`)
      .getByRole('button', { name: /^移除文件/ })
      .click();
    const zhDialog = page.getByRole('dialog', { name: '移除此文件' });
    await zhDialog.getByText('文件将标记为未接受，不会发送给任何医院。文件本身会保留。').waitFor();
    await zhDialog.getByLabel('理由').waitFor();
    await zhDialog.getByRole('button', { name: '移除文件', exact: true }).click();
    await zhDialog.getByText('请写明移除此文件的理由。').waitFor();
    await axe(page, 'remove dialog (zh-Hans)');
    await page.screenshot({ path: shot('1280-dialog-zh') });
    await page.keyboard.press('Escape');
    await zhDialog.waitFor({ state: 'detached' });
    expect(
      await page
        .locator(`#checklist li[data-document="${matchingId}"]`)
        .getByRole('button', { name: '移除 own.dcm' })
        .count(),
    ).toBe(1);
    await switchTo(page, 'en');

    // Keyboard only from here: Tab to the gap's Remove document, Enter.
    await page.locator('main h1').focus();
    await tabTo(page, (key) => key === `remove:identity:${ctId}`);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remove this document' });
    const reason = dialog.getByLabel('Reason');
    await expect.poll(() => isFocused(reason)).toBe(true);
    // The gap's message is quoted: the coordinator sees what is being decided.
    expect(await dialog.locator('.quote').textContent()).toContain(
      'labelled with another name and birth date',
    );
    await axe(page, 'remove dialog (en)');

    // Empty: refused at the field, with the keyboard put back there.
    await page.keyboard.press('Tab');
    expect(await focusedKey(page)).toBe('Remove document');
    await page.keyboard.press('Enter');
    await dialog.getByText('Write why the document is removed.').waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => isFocused(reason)).toBe(true);
    const described = (await reason.getAttribute('aria-describedby')) ?? '';
    const errorId = described.split(' ').find((id) => id.endsWith('-error')) ?? '';
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('Write why the document is removed.');
    await page.screenshot({ path: shot('1280-dialog') });

    await page.keyboard.type('The study is another patient’s: labelled Mbeki, born 1965.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('#announcer').getByText('Document removed.').waitFor();
    await gap.waitFor({ state: 'detached' });
    const removed = page.locator(`#checklist li[data-document="${ctId}"][data-status="rejected"]`);
    await removed.waitFor();
    expect(await removed.locator('.doc-status').textContent()).toBe('rejected');
    expect(await removed.locator('.reason').textContent()).toBe(
      'Removed by the coordinator: The study is another patient’s: labelled Mbeki, born 1965.',
    );
    expect(await removed.getByRole('button').count()).toBe(0);
    // The keyboard is not lost: it is in the gap report, whose button went with the gap.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('#gaps') !== null))
      .toBe(true);

    // The second study is waived instead; the waiver names the check and the file, not an id.
    await page
      .locator(`#gaps li[data-gap="identity:${mrId}"]`)
      .getByRole('button', { name: /^Waive/ })
      .click();
    const waive = page.getByRole('dialog', { name: 'Waive this gap' });
    await waive.getByLabel('Reason').fill('Confirmed with the radiology department: a mislabelled export.');
    await waive.getByRole('button', { name: 'Waive', exact: true }).click();
    const waived = page.locator(`#gaps [data-waived="identity:${mrId}"]`);
    await waived.waitFor();
    expect(await waived.locator('.meta').textContent()).toMatch(/^Identity check: mr\.dcm · /);
    expect(await waived.textContent()).not.toContain(mrId);

    // The third file leaves from the checklist, through the same dialog.
    await page
      .locator(`#checklist li[data-document="${matchingId}"]`)
      .getByRole('button', { name: 'Remove own.dcm' })
      .click();
    const fromChecklist = page.getByRole('dialog', { name: 'Remove this document' });
    expect(await fromChecklist.locator('.quote').textContent()).toBe('Imaging: own.dcm');
    await fromChecklist.getByLabel('Reason').fill('Uploaded twice by mistake.');
    await fromChecklist.getByRole('button', { name: 'Remove document' }).click();
    await page.locator(`#checklist li[data-document="${matchingId}"][data-status="rejected"]`).waitFor();
    await axe(page, 'case after removal');
    await page.screenshot({ path: shot('1280-case'), fullPage: true });
    await page.locator('#checklist').screenshot({ path: shot('1280-checklist') });
    await page.locator('#gaps').screenshot({ path: shot('1280-gaps') });

    // In Chinese, the waiver is an identity check too.
    await switchTo(page, 'zh-Hans');
    expect(await page.locator(`#gaps [data-waived="identity:${mrId}"] .meta`).textContent()).toMatch(
      /^身份核对：mr\.dcm · /,
    );
    await switchTo(page, 'en');

    // The server agrees: rejected with the reason, the gap gone.
    const view = await local.api.call('GET', `/cases/${caseId}`, local.backend.endpoints.coordinatorToken);
    const gaps = view.body.gaps as { gapId: string }[];
    expect(gaps.some((entry) => entry.gapId === `identity:${ctId}`)).toBe(false);
  }, 120_000);

  it('shows the server’s refusal in the dialog when the document can no longer be removed', async () => {
    const page = await newPage(1280);
    await signIn(page);
    await page.goto(`${local.backend.endpoints.consoleUrl}#/cases/${caseId}`);
    const button = page
      .locator(`#checklist li[data-document="${mrId}"]`)
      .getByRole('button', { name: 'Remove mr.dcm' });
    await button.waitFor();
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Remove this document' });
    await dialog.getByLabel('Reason').fill('A second try.');
    // Meanwhile another coordinator removes it: this dialog is now about a rejected document.
    const elsewhere = await local.api.call(
      'POST',
      `/cases/${caseId}/documents/${mrId}/remove`,
      local.backend.endpoints.coordinatorToken,
      { reason: 'Removed in another tab.' },
    );
    expect(elsewhere.status).toBe(200);
    await dialog.getByRole('button', { name: 'Remove document' }).click();
    const refusal = dialog.locator('.message[data-kind="error"]');
    await refusal
      .getByText('Only an accepted or checking document can be removed.', { exact: false })
      .waitFor();
    expect(await refusal.textContent()).toContain('The server refused this:');
    await axe(page, 'remove dialog with a refusal');
    // The page's poll redraws the checklist behind the dialog: its Remove button goes, so on
    // Escape the keyboard lands on the checklist's heading, not on nothing.
    await page.locator(`#checklist li[data-document="${mrId}"][data-status="rejected"]`).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(page.locator('#checklist h2'))).toBe(true);
  }, 60_000);
});

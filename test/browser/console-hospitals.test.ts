import { writeFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { waitFor } from '../../scripts/api-client';
import { finishCase } from '../../scripts/case-steps';
import { launchChromium } from '../../scripts/chromium';
import { useLocalBackend } from '../e2e/harness';
import { type AxeRun, seriousViolations } from './axe';
import { watchProblems } from './page-problems';

/**
 * The console's hospital directory and "At a glance" in Chromium, against the whole local
 * backend: a coordinator signs in, creates and edits a hospital, issues a token (shown once, and
 * it opens the relay), rotates with overlap and revokes; the glance view draws a case that went
 * through receipt and report and one that is overdue. axe-core in both languages, keyboard only
 * where it counts. The business clock is stopped on a Monday in Shanghai so the figures are exact.
 */
const START = '2026-11-02T10:00:00+08:00';
const local = useLocalBackend('console-hospitals', { clock: { start: new Date(START), speed: 0 } });

let browser: Browser;
let context: BrowserContext;
let page: Page;
/** What the page reported that it should not have: errors, CSP refusals. */
const problems: string[] = [];
/** The glance view's data, prepared while the directory is exercised. */
let prepared: Promise<{ completed: string; overdue: string }>;

/** Two cases: one through receipt and report (3 business days), one past its due day. */
async function prepareCases() {
  const [done, late] = await Promise.all([
    local.deliveredCase({ hospitalIndex: 0, fullName: 'Glance Completed' }),
    local.deliveredCase({ hospitalIndex: 2, fullName: 'Glance Overdue', cancerType: 'lung' }),
  ]);
  const due: Record<string, string> = {};
  for (const delivered of [done, late]) {
    const receipt = await local.api.call(
      'POST',
      `/relay/cases/${delivered.caseId}/receipt`,
      delivered.hospital.token,
      { complete: true },
    );
    if (receipt.status !== 200) throw new Error(`receipt refused: ${JSON.stringify(receipt.body)}`);
    due[delivered.caseId] = (receipt.body.deadline as { dueAt: string }).dueAt;
    await waitFor('the report wait', async () =>
      (await local.entered(delivered.caseId, 'WaitForReport')) > 0 ? true : undefined,
    );
  }
  // Thursday: the report arrives three business days after receipt, and the case completes.
  local.backend.clock.set(new Date('2026-11-05T10:00:00+08:00'));
  await finishCase(local.api, done.caseId, {
    hospital: done.hospital.token,
    coordinator: local.backend.endpoints.coordinatorToken,
  });
  // Hospital C promises 4 business days: due Friday 6 November; the next Tuesday it is two
  // business days overdue, and the workflow has marked it so.
  local.backend.clock.set(new Date(Date.parse(due[late.caseId]!) + 4 * 86_400_000));
  await waitFor(
    'the overdue status',
    async () => {
      const view = await local.api.call(
        'GET',
        `/cases/${late.caseId}`,
        local.backend.endpoints.coordinatorToken,
      );
      return view.body.status === 'overdue' ? true : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  );
  return { completed: done.caseId, overdue: late.caseId };
}

beforeAll(async () => {
  browser = await launchChromium();
  prepared = prepareCases();
  // Unhandled here would fail the run before the glance test awaits it.
  prepared.catch(() => undefined);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(local.backend.endpoints.apiUrl).origin,
  });
  // A step that cannot happen fails in seconds, naming the step, rather than at the test's timeout.
  context.setDefaultTimeout(10_000);
  page = watchProblems(await context.newPage(), problems);
  await signIn(page);
  // The console is one document: CSP refusals anywhere in it are counted from here on.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
}, 60_000);

// What the page showed when a step failed, to look at.
beforeEach(() => {
  onTestFailed(async () => {
    await page
      ?.screenshot({ path: '/tmp/console-hospitals-failure.png', fullPage: true })
      .catch(() => undefined);
  });
});

afterAll(async () => {
  await writeFile('/tmp/console-hospitals-axe.json', `${JSON.stringify(axeRuns, null, 2)}\n`).catch(
    () => undefined,
  );
  await context?.close();
  await browser?.close();
});

/** Signs in as the first sample coordinator on the sign-in page, as a person does. */
async function signIn(target: Page) {
  const coordinator = local.backend.endpoints.users.find((user) => user.role === 'coordinator')!;
  await target.goto(local.backend.endpoints.consoleUrl);
  await target.getByLabel('Email').fill(coordinator.email);
  await target.getByLabel('Password').fill(coordinator.password);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Every axe-core finding of any impact, by view, written out for the record. */
const axeRuns: AxeRun[] = [];

interface Focused {
  readonly text: string;
  readonly label: string | null;
  readonly href: string | null;
}

/** Presses Tab until the focused element matches, as a keyboard user would; fails if it never does. */
async function tabTo(target: Page, matches: (focused: Focused) => boolean, what: string, limit = 120) {
  for (let press = 0; press < limit; press += 1) {
    await target.keyboard.press('Tab');
    const focused = await target.evaluate(() => {
      const active = document.activeElement;
      return {
        text: active?.textContent?.trim() ?? '',
        label: active?.getAttribute('aria-label') ?? null,
        href: active?.getAttribute('href') ?? null,
      };
    });
    if (matches(focused)) return;
  }
  throw new Error(`${what} was not reached with Tab`);
}

/** The focused element draws an outline (visible focus). */
const focusOutline = (target: Page) =>
  target.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2;
  });

async function chooseLanguage(target: Page, name: 'English' | '简体中文') {
  await target.getByRole('button', { name }).click();
}

describe('the hospital directory', () => {
  it('creates and edits a hospital, issues a token shown once, rotates with overlap and revokes', async () => {
    await page.goto(`${local.backend.endpoints.consoleUrl}#/hospitals`);
    await page.getByRole('heading', { level: 1, name: 'Hospitals' }).waitFor();
    // The charts and forms below run under the console's CSP: no inline script, style or eval.
    const policy = (await page.request.get(local.backend.endpoints.consoleUrl)).headers()[
      'content-security-policy'
    ];
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('unsafe-');
    const directory = page.getByRole('table', { name: 'Hospital directory' });
    await directory.getByRole('row').nth(3).waitFor(); // header and the three sample hospitals

    // Create, with the browser's check first: the form names what is missing, at the fields.
    await page.getByRole('button', { name: 'New hospital' }).click();
    const form = page.getByRole('region', { name: 'New hospital' });
    await form.getByLabel('Name').fill('Example Lakeside Cancer Centre');
    await form.getByRole('button', { name: 'Create hospital' }).click();
    await form.getByText('Some fields need attention. They are marked below.').waitFor();
    expect(await form.getByLabel('City').getAttribute('aria-invalid')).toBe('true');
    await form.getByText('Choose at least one cancer type.').waitFor();
    await form.getByLabel('City').fill('Hangzhou');
    await form.getByLabel('Contact email').fill('ipd@lakeside.example');
    await form.getByRole('checkbox', { name: 'Lung' }).check();
    await form.getByRole('checkbox', { name: 'Oesophageal' }).check();
    await form.getByRole('checkbox', { name: 'Radiotherapy' }).check();
    await form.getByLabel('Offers expedited review').check();
    await form.getByLabel('Expedited turnaround (business days)').fill('5');
    await form.getByLabel('Expedited fee (US dollars)').fill('800');
    await form.getByRole('button', { name: 'Create hospital' }).click();
    await form
      .getByText('Expedited review must take fewer business days than the normal turnaround.')
      .waitFor();
    await form.getByLabel('Expedited turnaround (business days)').fill('3');
    // The server's own rule: this deployment relays through one region.
    const region = form.getByLabel('Relay region');
    const deploymentRegion = await region.inputValue();
    expect(deploymentRegion).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    await region.fill('eu-north-1');
    await form.getByRole('button', { name: 'Create hospital' }).click();
    await form
      .getByText(`This deployment relays packages through ${deploymentRegion}: use that region.`)
      .waitFor();
    await region.fill(deploymentRegion);
    await page.screenshot({ path: '/tmp/hospitals-form-1280-en.png', fullPage: true });
    await form.getByRole('button', { name: 'Create hospital' }).click();

    // Created: it is listed, and its token panel opens (a hospital needs one to use the relay).
    await page
      .locator('main')
      .getByText('Example Lakeside Cancer Centre was added to the directory.')
      .waitFor();
    const row = directory.getByRole('row', { name: /Example Lakeside Cancer Centre/ });
    await row.getByText('Hangzhou').waitFor();
    expect(await row.textContent()).toContain('5 business days · expedited 3 (US$800)');
    const tokens = page.getByRole('region', { name: 'API tokens for Example Lakeside Cancer Centre' });
    await tokens
      .getByText('No live tokens: the hospital cannot use the relay until you issue one.')
      .waitFor();

    // Issue: shown once, copied to the clipboard, and it opens this hospital's relay.
    await tokens.getByRole('button', { name: 'Issue token' }).click();
    const once = tokens.getByRole('region', { name: 'New token: shown once' });
    await once.getByText('It cannot be shown again').waitFor();
    const secret = await once.getByLabel('New API token').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(40);
    await once.getByRole('button', { name: 'Copy' }).click();
    await once.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect((await local.api.call('GET', '/relay/cases', secret)).status).toBe(200);
    await page.screenshot({ path: '/tmp/hospitals-token-1280-en.png', fullPage: true });
    expect(await seriousViolations(page, 'hospitals: token shown, en 1280', axeRuns)).toEqual([]);
    await once.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.content()).not.toContain(secret);
    await tokens.getByRole('table').getByRole('row').nth(1).waitFor();

    // Rotate with an hour's overlap: a new secret, the old token still works until then.
    await tokens.getByLabel('Overlap (hours)').fill('1');
    await tokens.getByRole('button', { name: 'Rotate tokens' }).click();
    const rotated = tokens.getByRole('region', { name: 'New token: shown once' });
    await rotated.getByText('The previous token stops working').waitFor();
    const second = await rotated.getByLabel('New API token').inputValue();
    expect(second).not.toBe(secret);
    expect((await local.api.call('GET', '/relay/cases', secret)).status).toBe(200);
    expect((await local.api.call('GET', '/relay/cases', second)).status).toBe(200);
    await rotated.getByRole('button', { name: 'I have copied it' }).click();
    const tokenRows = tokens.getByRole('table').getByRole('row');
    await expect.poll(() => tokenRows.count()).toBe(3);
    await tokens.getByText('(in 1 hour)').waitFor();

    // Revoke the older token, by keyboard: the dialog asks first; Escape keeps it.
    const older = (await tokenRows.nth(2).locator('code').textContent()) ?? '';
    const revoke = tokens.getByRole('button', { name: `Revoke token ${older}` });
    await revoke.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Revoke this token?' });
    await dialog.getByText(`Token ${older}: anything that uses it stops working at once.`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep token');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await revoke.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await tokens.getByText(`Token ${older} was revoked.`).waitFor();
    await expect.poll(() => tokenRows.count()).toBe(2);
    expect((await local.api.call('GET', '/relay/cases', secret)).status).toBe(401);
    expect((await local.api.call('GET', '/relay/cases', second)).status).toBe(200);

    // Edit: the contact email is not listed, so the form asks for it again.
    await directory.getByRole('button', { name: 'Edit Example Lakeside Cancer Centre' }).click();
    const edit = page.getByRole('region', { name: 'Edit Example Lakeside Cancer Centre' });
    expect(await edit.getByLabel('City').inputValue()).toBe('Hangzhou');
    expect(await edit.getByRole('checkbox', { name: 'Oesophageal' }).isChecked()).toBe(true);
    await edit.getByText('The directory does not show it: enter the contact email again to save.').waitFor();
    await edit.getByLabel('City').fill('Ningbo');
    await edit.getByLabel('Promised turnaround (business days)').fill('4');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText('Enter an email address such as ipd@hospital.example.').waitFor();
    await edit.getByLabel('Contact email').fill('ipd@lakeside.example');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('main').getByText('Changes to Example Lakeside Cancer Centre were saved.').waitFor();
    await row.getByText('Ningbo').waitFor();
    expect(await row.textContent()).toContain('4 business days · expedited 3 (US$800)');
    const stored = await local.api.call('GET', '/hospitals', local.backend.endpoints.coordinatorToken);
    expect(
      (stored.body.hospitals as { name: string; city: string; turnaroundBusinessDays: number }[]).find(
        (hospital) => hospital.name === 'Example Lakeside Cancer Centre',
      ),
    ).toMatchObject({ city: 'Ningbo', turnaroundBusinessDays: 4, cancerTypes: ['lung', 'esophageal'] });
    expect(await seriousViolations(page, 'hospitals: edited, en 1280', axeRuns)).toEqual([]);
  }, 60_000);

  it('reaches a hospital’s tokens by keyboard, fits a tablet and reads in Chinese', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await chooseLanguage(page, '简体中文');
    await page.getByRole('heading', { level: 1, name: '合作医院' }).waitFor();
    await page.getByRole('table', { name: '医院名录' }).getByRole('row').nth(4).waitFor();
    await page.locator('main').focus();
    await tabTo(
      page,
      (focused) => focused.label === 'API 令牌：Example Lakeside Cancer Centre',
      'the tokens button',
    );
    expect(await focusOutline(page)).toBe(true);
    await page.keyboard.press('Enter');
    const tokens = page.getByRole('region', { name: 'API 令牌：Example Lakeside Cancer Centre' });
    await tokens.getByRole('button', { name: '签发令牌' }).waitFor();
    await tabTo(page, (focused) => focused.text === '签发令牌', 'Issue token');
    await page.keyboard.press('Enter');
    await tokens.getByText('新令牌：仅显示这一次').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('复制');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(768);
    await page.screenshot({ path: '/tmp/hospitals-tokens-768-zh.png', fullPage: true });
    expect(await seriousViolations(page, 'hospitals: tokens, zh 768', axeRuns)).toEqual([]);
    await tokens.getByRole('button', { name: '我已复制' }).click();
    await page.getByRole('button', { name: '添加医院' }).click();
    await page.getByRole('region', { name: '添加医院' }).getByLabel('医院名称').waitFor();
    await page.screenshot({ path: '/tmp/hospitals-form-768-zh.png', fullPage: true });
    expect(await seriousViolations(page, 'hospitals: new form, zh 768', axeRuns)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await chooseLanguage(page, 'English');
  }, 60_000);
});

describe('at a glance', () => {
  it('draws stages, turnaround against the promise and overdue cases from the stored events', async () => {
    const { completed, overdue } = await prepared;
    await page.goto(`${local.backend.endpoints.consoleUrl}#/glance`);
    await page.getByRole('heading', { level: 1, name: 'At a glance' }).waitFor();
    const stages = page.getByRole('img', { name: /overdue/ });
    await stages.waitFor();
    expect(await stages.getAttribute('aria-label')).toBe('1 overdue; none in the other 7 stages.');
    const hospitalA = local.backend.endpoints.hospitals[0]!.name;
    const turnaround = page.getByRole('img', { name: /median 3 business days/ });
    expect(await turnaround.getAttribute('aria-label')).toContain(
      `${hospitalA}: median 3 business days against 5 business days promised, 1 of 1 on time (100%)`,
    );
    // The chart is drawn (pixels, not just a canvas): some of it is the measured bars' dark blue.
    const painted = await turnaround.evaluate((canvas) => {
      const pen = (canvas as HTMLCanvasElement).getContext('2d')!;
      const { data } = pen.getImageData(
        0,
        0,
        (canvas as HTMLCanvasElement).width,
        (canvas as HTMLCanvasElement).height,
      );
      let dark = 0;
      for (let index = 0; index < data.length; index += 4) {
        if (data[index] === 0x1d && data[index + 1] === 0x3f && data[index + 2] === 0x63) dark += 1;
      }
      return dark;
    });
    expect(painted).toBeGreaterThan(100);
    await page.getByText('Show the figures as a table').first().click();
    const stageTable = page.getByRole('table', { name: 'Open cases by stage' });
    expect(await stageTable.getByRole('row', { name: /overdue \(report overdue\)/ }).textContent()).toContain(
      '1',
    );
    const overdueList = page.getByRole('region', { name: 'Overdue cases' });
    const link = overdueList.getByRole('link', { name: overdue });
    expect(await link.getAttribute('href')).toBe(`#/cases/${overdue}`);
    await overdueList.getByText('2 business days overdue').waitFor();
    expect(await page.getByText(completed).count()).toBe(0);
    await page.screenshot({ path: '/tmp/glance-1280-en.png', fullPage: true });
    // Greyscale, as a reader without colour vision sees it.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setEmulatedVisionDeficiency', { type: 'achromatopsia' });
    await page.screenshot({ path: '/tmp/glance-1280-greyscale.png', fullPage: true });
    await cdp.send('Emulation.setEmulatedVisionDeficiency', { type: 'none' });
    expect(await seriousViolations(page, 'glance: en 1280', axeRuns)).toEqual([]);

    // By keyboard: Refresh, the tables' disclosures and the overdue case are all reachable.
    await page.locator('main').focus();
    await tabTo(page, (focused) => focused.text === 'Refresh', 'Refresh');
    expect(await focusOutline(page)).toBe(true);
    await tabTo(page, (focused) => focused.href?.startsWith('#/cases/') === true, 'the overdue case');
    expect(await focusOutline(page)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/cases/${overdue}`);

    // Chinese, on a tablet.
    await page.goto(`${local.backend.endpoints.consoleUrl}#/glance`);
    await page.setViewportSize({ width: 768, height: 1024 });
    await chooseLanguage(page, '简体中文');
    await page.getByRole('heading', { level: 1, name: '概览' }).waitFor();
    expect(await page.getByRole('img', { name: /已逾期/ }).getAttribute('aria-label')).toBe(
      '已逾期 1 例；其余 7 个环节没有病例。',
    );
    await page.getByRole('region', { name: '逾期病例' }).getByText('已逾期 2 个工作日').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await page.screenshot({ path: '/tmp/glance-768-zh.png', fullPage: true });
    expect(await seriousViolations(page, 'glance: zh 768', axeRuns)).toEqual([]);
    expect(problems).toEqual([]);
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
  }, 60_000);
});

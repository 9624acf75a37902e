import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MessageCatalogue } from '../../functions/core/message-catalogue';
import { serverCatalogues } from '../../functions/core/server-catalogues';
import { formatServerMessage } from '../../functions/core/server-messages';
import { useLocalBackend } from '../e2e/harness';
import { seriousViolations } from './axe';
import { missingGlyphs } from './glyphs';
import { overflowing } from './overflow';
import { pageCatalogue, screenshotDir, usePatientBrowser } from './patient-session';

const local = useLocalBackend('patient-languages');
const session = usePatientBrowser(local, 'axe-results-languages.json');

/** A message of the page's catalogue in a language, as the page says it. */
const pageText = (tag: string, key: string) => pageCatalogue(tag).format(key);
function serverText(tag: string, key: string, params: Record<string, string> = {}): string {
  const catalogue = new MessageCatalogue(tag, serverCatalogues[tag as 'en'], serverCatalogues.en);
  return formatServerMessage(catalogue, key, params);
}

/** One language of each script family the page is written in. */
const families = [
  { family: 'Latin', tag: 'fr', dir: 'ltr' },
  { family: 'Cyrillic', tag: 'ru', dir: 'ltr' },
  { family: 'Arabic, right to left', tag: 'ar', dir: 'rtl' },
  { family: 'Thai', tag: 'th', dir: 'ltr' },
  { family: 'CJK', tag: 'zh-CN', dir: 'ltr' },
  { family: 'Mongolian Cyrillic', tag: 'mn', dir: 'ltr' },
] as const;

describe('the patient page in each script family, on a phone', () => {
  it('finds a missing glyph when there is one (the check can fail)', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.setContent('<body style="font-family: sans-serif">é ж ع ก 中</body>');
    // Adlam (U+1E900): no font for it is installed here.
    expect(await missingGlyphs(page, '\u{1E900}')).toEqual(['\u{1E900}']);
    await context.close();
  });

  for (const { family, tag, dir } of families) {
    it(`${family} (${tag}): the case's language, no overflow at 375 px, every glyph, axe-clean, the server's refusal in ${tag}`, async () => {
      const { patientLink } = await local.openCase({ language: tag, fullName: 'Test Patient' });
      const phone = await session.browser.newContext({
        viewport: { width: 375, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
      });
      const page = await phone.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(patientLink);
      // The browser says English; the case says `tag`, and the page follows the case.
      await page.getByRole('heading', { name: pageText(tag, 'checklistHeading') }).waitFor();
      expect(
        await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]),
      ).toEqual([tag, dir]);
      expect(await page.locator('#language').inputValue()).toBe(tag);
      // A gap the server sends by code, said in the language.
      const missingImaging = serverText(tag, 'gap.missing-imaging');
      expect(await page.locator('.gaps').textContent()).toContain(missingImaging);

      // A file the server refuses: its reason, by code, in the language.
      const damaged = join(session.fixtures, `report-${tag}.pdf`);
      await writeFile(damaged, Buffer.from('%PDF-1.7\nthis is not a PDF at all\n'));
      await page.locator('#upload-item').selectOption('pathology-report');
      await page.locator('.uppy-Dashboard-input').first().setInputFiles(damaged);
      const rejected = page.locator('li[data-item="pathology-report"] .documents li[data-status="rejected"]');
      await rejected.waitFor({ timeout: 30_000 });
      const reason = (await rejected.textContent()) ?? '';
      expect(reason).not.toMatch(/could not|Not accepted/);

      // The server refuses a consent signed with another name: its words at the field, in the language.
      const consent = page.locator('#consent');
      for (const checkbox of await consent.locator('input[name="acknowledgedLimits"]').all())
        await checkbox.check();
      await consent.locator('input[name="fullName"]').fill('Someone Else');
      await consent.locator('input[name="accepted"]').check();
      await consent.locator('button[type="submit"]').click();
      await expect
        .poll(() => consent.locator('[data-error-for="fullName"]').textContent())
        .toBe(serverText(tag, 'detail.consent-name'));
      expect(await consent.locator('.form-status').textContent()).toBe(
        serverText(tag, 'error.validation_failed'),
      );

      expect(await overflowing(page)).toEqual([]);
      expect(await missingGlyphs(page)).toEqual([]);
      expect(await seriousViolations(page, `phone (${tag})`, session.axeRuns)).toEqual([]);
      await page.screenshot({ path: join(screenshotDir, `patient-page-phone-${tag}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await phone.close();
    }, 90_000);
  }

  it('keeps a language the patient chose over the case language, on the next visit too', async () => {
    const { patientLink } = await local.openCase({ language: 'ar' });
    const context = await session.browser.newContext({ viewport: { width: 768, height: 1000 } });
    const page = await context.newPage();
    await page.goto(patientLink);
    await page.getByRole('heading', { name: pageText('ar', 'checklistHeading') }).waitFor();
    await page.locator('#language').selectOption('en');
    await page.getByRole('heading', { name: 'Your checklist' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.reload();
    await page.getByRole('heading', { name: 'Your checklist' }).waitFor();
    await context.close();
  }, 60_000);
});

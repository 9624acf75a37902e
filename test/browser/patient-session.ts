import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { MessageCatalogue } from '../../functions/core/message-catalogue';
import { launchChromium } from '../../scripts/chromium';
import { readCatalogue } from '../../scripts/i18n/catalogues';
import { projectRoot } from '../../scripts/local/backend';
import type { useLocalBackend } from '../e2e/harness';
import type { AxeRun } from './axe';

/** Produced by the test run (not committed): the closing note names them. */
export const screenshotDir = join(projectRoot, '.local', 'screenshots');

/**
 * Chromium for a patient-page test file, a folder for the files it uploads, and every axe-core
 * run's findings of any impact, written to `<screenshots>/<axeFile>` for the record.
 */
export function usePatientBrowser(local: ReturnType<typeof useLocalBackend>, axeFile: string) {
  const session = { browser: undefined as unknown as Browser, fixtures: '', axeRuns: [] as AxeRun[] };
  beforeAll(async () => {
    session.browser = await launchChromium();
    session.fixtures = join(local.dataDir, 'fixtures');
    await mkdir(session.fixtures, { recursive: true });
    await mkdir(screenshotDir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await writeFile(join(screenshotDir, axeFile), `${JSON.stringify(session.axeRuns, null, 2)}\n`);
    await session.browser?.close();
    if (session.fixtures) await rm(session.fixtures, { recursive: true, force: true });
  });
  return session;
}

/** The patient page's catalogue in a language, as the page says its messages. */
export function pageCatalogue(tag: string): MessageCatalogue {
  return new MessageCatalogue(tag, readCatalogue('page', tag) ?? {}, readCatalogue('page', 'en') ?? {});
}

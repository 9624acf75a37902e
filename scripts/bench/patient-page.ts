import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presignUpload } from '../../functions/adapters/record-store';
import type { ApiClient } from '../api-client';
import { launchChromium } from '../chromium';
import { largeDicom } from '../fixtures';
import type { LocalBackend } from '../local/backend';

const SIZE = 150 * 1000 * 1000;
const RUNS = 3;

/**
 * The patient page's upload of a 150 MB DICOM study (Uppy, multipart in the API's 16 MiB parts,
 * 4 at a time, in headless Chromium) against one plain presigned PUT of the same file from Node,
 * both to the same local S3 emulator. Returns the median seconds of each over three runs.
 */
export async function measurePatientPageUpload(backend: LocalBackend, api: ApiClient) {
  const dir = await mkdtemp(join(tmpdir(), 'oso-bench-page-'));
  const path = join(dir, 'CT-study.dcm');
  const bytes = largeDicom(SIZE);
  await writeFile(path, bytes);
  const browser = await launchChromium();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  try {
    const pageRuns: number[] = [];
    const putRuns: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const opened = await api.call('POST', '/cases', backend.endpoints.coordinatorToken, {
        patient: {
          fullName: 'Bench Page',
          email: 'page@example.org',
          dateOfBirth: '1970-01-01',
          country: 'Kenya',
          language: 'en',
        },
        cancerType: 'lung',
        question: 'Benchmark page upload.',
      });
      const page = await browser.newPage();
      await page.goto(opened.body.patientLink as string);
      await page.getByLabel('These files are').selectOption('imaging');
      const completed = page.waitForResponse(
        (response) =>
          /\/patient\/uploads\/[^/]+\/complete$/.test(response.url()) && response.status() === 200,
        { timeout: 120_000 },
      );
      const start = performance.now();
      await page.locator('.uppy-Dashboard-input').first().setInputFiles(path);
      await completed;
      pageRuns.push((performance.now() - start) / 1000);
      await page.close();

      const put = await presignUpload(
        'records',
        `bench/plain-put-150mb-${run}.dcm`,
        'application/dicom',
        SIZE,
      );
      const putStart = performance.now();
      const response = await fetch(put.url, { method: 'PUT', headers: put.headers, body: bytes });
      if (!response.ok) throw new Error(`plain presigned PUT failed: ${response.status}`);
      putRuns.push((performance.now() - putStart) / 1000);
    }
    return { pageSeconds: median(pageRuns), putSeconds: median(putRuns), runs: RUNS };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What the patient page costs to open, as the browser receives it (compressed bytes of the
 * HTML, scripts and stylesheets under /upload, from Chromium's own request sizes), for a case
 * in `language`: English is in the page's script, another language adds its chunks.
 */
export async function measurePatientPageBytes(backend: LocalBackend, api: ApiClient, language: string) {
  const opened = await api.call('POST', '/cases', backend.endpoints.coordinatorToken, {
    patient: {
      fullName: 'Bench Language',
      email: 'language@example.org',
      dateOfBirth: '1970-01-01',
      country: 'Kenya',
      language,
    },
    cancerType: 'breast',
    question: 'Benchmark page bytes.',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const loaded: Promise<number>[] = [];
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname.startsWith('/upload')) {
        loaded.push(request.sizes().then((sizes) => sizes.responseBodySize));
      }
    });
    await page.goto(opened.body.patientLink as string);
    await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
    await page.locator('#checklist-heading').waitFor();
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(loaded);
    return { bytes: sizes.reduce((total, size) => total + size, 0), files: sizes.length };
  } finally {
    await browser.close();
  }
}

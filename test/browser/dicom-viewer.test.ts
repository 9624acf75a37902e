import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowViewerOrigin,
  type BuiltPage,
  buildViewerPage,
  relayObject,
  serveViewerPage,
  viewerPageHeaders,
} from '../../scripts/bench/viewer';
import { launchChromium } from '../../scripts/chromium';
import {
  losslessSyntaxes,
  makeCtSeries,
  markerFractions,
  type SyntaxName,
  transferSyntaxes,
} from '../../scripts/dicom-series';
import { makeZip } from '../../scripts/fixtures';
import type { ViewerFile } from '../../web/hospital/viewer/viewer-file';
import { useLocalBackend } from '../e2e/harness';
import { type AxeRun, seriousViolations } from './axe';
import { canvasState, settledCanvas } from './dicom-canvas';
import { watchProblems } from './page-problems';

/**
 * The DICOM viewer in Chromium, on files the local relay bucket serves through presigned URLs:
 * synthetic CT series in every transfer syntax (scripts/dicom-series.ts), a zipped disc, and
 * pydicom's character-set files (test/fixtures/dicom).
 */
const local = useLocalBackend('dicom-viewer');
const shot = (name: string) => `/tmp/dicom-viewer-${name}.png`;

const STUDY = '1.2.826.0.1.3680043.8.498.55.1';
const SLICES = 4;
const PIXEL_SPACING = 0.7;
const SIZE = 256;
const seriesUid = (syntax: SyntaxName) => `${STUDY}.${Object.keys(transferSyntaxes).indexOf(syntax) + 1}`;
const description = (syntax: SyntaxName) => `Chest CT ${syntax}`;

/** pydicom's files and the names they hold, as pydicom itself decodes them. */
const charsetNames: Record<string, string> = {
  'chrX1.dcm': 'Wang^XiaoDong=王^小東=',
  'chrX2.dcm': 'Wang^XiaoDong=王^小东=',
  'chrH31.dcm': 'Yamada^Tarou=山田^太郎=やまだ^たろう',
  'chrI2.dcm': 'Hong^Gildong=洪^吉洞=홍^길동',
};

/** pydicom's MR image in six transfer syntaxes (written by DCMTK and GDCM), and two colour JPEGs. */
const mrSyntaxes = [
  ['MR_small.dcm', 'Explicit VR Little Endian'],
  ['MR_small_implicit.dcm', 'Implicit VR Little Endian'],
  ['MR_small_bigendian.dcm', 'Explicit VR Big Endian'],
  ['MR_small_RLE.dcm', 'RLE Lossless'],
  ['MR_small_jpeg_ls_lossless.dcm', 'JPEG-LS Lossless'],
  ['MR_small_jp2klossless.dcm', 'JPEG 2000 Lossless'],
] as const;
const colourJpegs = [
  ['SC_rgb_jpeg_gdcm.dcm', 'JPEG Lossless (Process 14, SV1)'],
  ['SC_rgb_jpeg_dcmtk.dcm', 'JPEG Baseline (Process 1)'],
] as const;

let browser: Browser;
let page: BuiltPage;
let server: { origin: string; close(): Promise<void> };
const files: ViewerFile[] = [];
const problems: string[] = [];
const axeRuns: AxeRun[] = [];

beforeAll(async () => {
  const syntaxes = Object.keys(transferSyntaxes) as SyntaxName[];
  for (const syntax of syntaxes) {
    const series = await makeCtSeries({
      syntax,
      slices: SLICES,
      size: SIZE,
      pixelSpacing: [PIXEL_SPACING, PIXEL_SPACING],
      studyInstanceUid: STUDY,
      seriesInstanceUid: seriesUid(syntax),
      seriesNumber: syntaxes.indexOf(syntax) + 1,
      seriesDescription: description(syntax),
    });
    // Listed last slice first: the viewer orders slices by position, not by the list.
    for (const [index, body] of [...series.entries()].reverse()) {
      const fileId = `${syntax}-${index + 1}`;
      files.push({
        fileId,
        fileName: `${fileId}.dcm`,
        url: await relayObject(`viewer-test/${fileId}.dcm`, body, 'application/dicom'),
        size: body.length,
        // The manifest names study and series for some files only: the others are read from the header.
        ...(syntax === 'explicit-le'
          ? {}
          : { dicom: { studyInstanceUid: STUDY, seriesInstanceUid: seriesUid(syntax) } }),
      });
    }
  }
  // A zipped disc: a DICOMDIR-like index, a readme, and three slices (stored and deflated).
  const disc = await makeCtSeries({
    syntax: 'explicit-le',
    slices: 3,
    size: 64,
    studyInstanceUid: `${STUDY}.9`,
    seriesInstanceUid: `${STUDY}.9.1`,
    seriesNumber: 90,
    seriesDescription: 'Disc CT',
  });
  const zip = makeZip([
    { name: 'README.TXT', data: Buffer.from('Disc for the second opinion.') },
    { name: 'DICOM/IM000001', data: disc[0]!, deflate: false },
    { name: 'DICOM/IM000002', data: disc[1]!, deflate: true },
    { name: 'DICOM/IM000003.dcm', data: disc[2]!, deflate: true },
  ]);
  files.push({
    fileId: 'disc',
    fileName: 'disc.zip',
    url: await relayObject('viewer-test/disc.zip', zip, 'application/zip'),
    size: zip.length,
  });
  for (const name of [
    ...Object.keys(charsetNames),
    ...[...mrSyntaxes, ...colourJpegs].map(([file]) => file),
  ]) {
    const body = readFileSync(join(import.meta.dirname, '../fixtures/dicom', name));
    files.push({
      fileId: name,
      fileName: name,
      url: await relayObject(`viewer-test/${name}`, body, 'application/dicom'),
      size: body.length,
    });
  }
  page = buildViewerPage();
  const { s3Endpoint, auth } = local.backend.endpoints;
  const headers = viewerPageHeaders(new URL(s3Endpoint).origin, new URL(auth.issuer).origin);
  server = await serveViewerPage(page, headers, () => files);
  await allowViewerOrigin(local.backend.endpoints.apiUrl, server.origin);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  const { writeFile } = await import('node:fs/promises');
  await writeFile('/tmp/dicom-viewer-axe-results.json', `${JSON.stringify(axeRuns, null, 2)}\n`);
});

async function openPage(lang: 'en' | 'zh-Hans', width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const tab = watchProblems(await context.newPage(), problems);
  await tab.goto(`${server.origin}/?lang=${lang}`);
  return tab;
}

const viewer = (tab: Page) => tab.locator('.dicom-viewer');
const seriesButton = (tab: Page, name: string | RegExp) => tab.getByRole('button', { name });

async function openSeries(tab: Page, name: string | RegExp, syntaxName: string) {
  await seriesButton(tab, name).click();
  await expect.poll(() => seriesButton(tab, name).getAttribute('aria-pressed')).toBe('true');
  await tab.locator('.dv-syntax-text', { hasText: syntaxName }).waitFor();
}

describe('the DICOM viewer in Chromium', () => {
  let tab: Page;

  it('draws the first series, and the canvas changes with a window preset and a slice scroll', async () => {
    tab = await openPage('en');
    await viewer(tab).and(tab.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
    expect(Number(await viewer(tab).getAttribute('data-loaded'))).toBe(files.length - 1 + 3);
    await expect.poll(() => tab.locator('.dv-status').textContent()).not.toMatch(/could not be read/);

    await openSeries(tab, new RegExp(description('explicit-le')), 'Explicit VR Little Endian');
    await tab.getByText(`Slice 1 of ${SLICES}`).first().waitFor();
    const first = await settledCanvas(tab);
    expect(first.litFraction).toBeGreaterThan(0.1);
    await tab.screenshot({ path: shot('first') });

    await tab.getByLabel('Window preset').selectOption('lung');
    await tab.getByText('Window 1500 / level -600').waitFor();
    const lung = await settledCanvas(tab);
    expect(lung.hash).not.toBe(first.hash);

    await tab.getByLabel('Slice', { exact: true }).fill('1');
    await tab.getByText(`Slice 2 of ${SLICES}`).first().waitFor();
    const second = await settledCanvas(tab);
    expect(second.litFraction).toBeGreaterThan(0.1);
    expect(second.hash).not.toBe(lung.hash);
    // Scrolling keeps the chosen window.
    await tab.getByText('Window 1500 / level -600').waitFor();

    // Window/level by dragging (the left button's tool by default): the window follows the mouse.
    const image = tab.getByRole('img', { name: 'DICOM image' });
    const box = (await image.boundingBox())!;
    await tab.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await tab.mouse.down();
    await tab.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 8 });
    await tab.mouse.up();
    await expect
      .poll(() => tab.locator('.dv-window-text').textContent())
      .not.toBe('Window 1500 / level -600');
    expect((await settledCanvas(tab)).hash).not.toBe(second.hash);

    // The header table of the current image, with its slice's instance number.
    const row = (name: string) =>
      tab.locator('.dv-tags-table tr', { has: tab.getByRole('cell', { name, exact: true }) });
    await expect.poll(() => row('Instance Number').locator('td').nth(3).textContent()).toBe('2');
    expect(await row('Pixel Spacing').locator('td').nth(3).textContent()).toBe('0.7\\0.7');
  }, 90_000);

  it('measures the distance between two markers of known position in millimetres', async () => {
    await tab.getByLabel('Slice', { exact: true }).fill('0');
    await tab.getByText(`Slice 1 of ${SLICES}`).first().waitFor();
    // The bone window leaves only the markers (3000 HU) at full white.
    await tab.getByLabel('Window preset').selectOption('bone');
    await tab.getByText('Window 1800 / level 400').waitFor();
    await settledCanvas(tab);
    // The tool first: its click may scroll the page, and the markers are found where they then are.
    await tab.getByRole('button', { name: 'Measure length' }).click();
    const canvas = tab.getByRole('img', { name: 'DICOM image' });
    await canvas.scrollIntoViewIfNeeded();
    const markers = await canvas.evaluate((element: HTMLCanvasElement) => {
      const { data, width, height } = element
        .getContext('2d')!
        .getImageData(0, 0, element.width, element.height);
      const sums = [
        { x: 0, y: 0, n: 0 },
        { x: 0, y: 0, n: 0 },
      ];
      for (let y = 0; y < height; y += 1) {
        for (let x = 0; x < width; x += 1) {
          if (data[(y * width + x) * 4]! < 250) continue;
          const side = sums[x < width / 2 ? 0 : 1]!;
          side.x += x;
          side.y += y;
          side.n += 1;
        }
      }
      const box = element.getBoundingClientRect();
      return sums.map((side) => ({
        n: side.n,
        x: box.left + (side.x / side.n + 0.5) * (box.width / width),
        y: box.top + (side.y / side.n + 0.5) * (box.height / height),
      }));
    });
    expect(markers[0]!.n).toBeGreaterThan(4);
    expect(markers[1]!.n).toBeGreaterThan(4);
    const [from, to] = [markers[0]!, markers[1]!];
    await tab.mouse.move(from.x, from.y);
    await tab.mouse.down();
    await tab.mouse.move(to.x, to.y, { steps: 12 });
    await tab.mouse.up();
    const expected = (markerFractions[1][0] - markerFractions[0][0]) * SIZE * PIXEL_SPACING; // 89.6 mm
    // The viewer announces the length once the tool has computed it for the finished line.
    await expect.poll(() => tab.locator('#live').textContent()).toMatch(/Length \d+\.\d mm/);
    const item = tab.locator('.dv-measurement-list li');
    expect(await item.count()).toBe(1);
    const measured = Number(await item.getAttribute('data-length-mm'));
    console.info(
      `length between the markers: ${measured.toFixed(2)} mm (expected ${expected.toFixed(2)} mm)`,
    );
    expect(Math.abs(measured - expected)).toBeLessThanOrEqual(0.5);
    expect(await item.textContent()).toBe(`Slice 1 of ${SLICES}: Length ${measured.toFixed(1)} mm`);
    expect(await tab.locator('#live').textContent()).toBe(await item.textContent());
    await tab.screenshot({ path: shot('measured') });
    await tab.getByRole('button', { name: 'Window/level' }).click();
  }, 60_000);

  it('renders every transfer syntax, the lossless ones exactly as the uncompressed series', async () => {
    await tab.getByRole('button', { name: 'Clear measurements' }).click();
    await openSeries(tab, new RegExp(description('explicit-le')), 'Explicit VR Little Endian');
    await tab.getByLabel('Window preset').selectOption('default');
    const reference = await settledCanvas(tab);
    const names: Record<SyntaxName, string> = {
      'implicit-le': 'Implicit VR Little Endian',
      'explicit-le': 'Explicit VR Little Endian',
      'explicit-be': 'Explicit VR Big Endian',
      'jpeg-baseline': 'JPEG Baseline',
      'jpeg-lossless': 'JPEG Lossless (Process 14, SV1)',
      'jpeg-ls': 'JPEG-LS Lossless',
      'jpeg-2000': 'JPEG 2000 Lossless',
      rle: 'RLE Lossless',
    };
    const results: Record<string, { litFraction: number; same: boolean }> = {};
    for (const syntax of Object.keys(transferSyntaxes) as SyntaxName[]) {
      await openSeries(tab, new RegExp(`${description(syntax)}\\b`), names[syntax]);
      await tab.getByText(`Slice 1 of ${SLICES}`).first().waitFor();
      await tab.getByLabel('Window preset').selectOption('default');
      const state = await settledCanvas(tab);
      results[syntax] = { litFraction: state.litFraction, same: state.hash === reference.hash };
    }
    console.info('rendered per transfer syntax (lit fraction, same pixels as explicit VR LE):', results);
    for (const syntax of Object.keys(transferSyntaxes) as SyntaxName[]) {
      expect(results[syntax]!.litFraction, syntax).toBeGreaterThan(0.1);
      if (losslessSyntaxes.includes(syntax)) expect(results[syntax]!.same, syntax).toBe(true);
    }
    // The 8-bit lossy series is another image: the comparison above can tell images apart.
    expect(results['jpeg-baseline']!.same).toBe(false);
  }, 120_000);

  it('reads the slices of a zipped disc through its index', async () => {
    await openSeries(tab, /Disc CT/, 'Explicit VR Little Endian');
    await tab.getByText('Slice 1 of 3').first().waitFor();
    expect((await settledCanvas(tab)).litFraction).toBeGreaterThan(0.1);
  }, 30_000);

  it('renders files of other encoders: one MR image alike in six syntaxes, and colour JPEGs', async () => {
    // The six files are one instance (same UIDs, same position): one series of six slices.
    await tab.locator('.dv-series-button').filter({ hasText: /^MR/ }).click();
    await tab.getByText(`Slice 1 of ${mrSyntaxes.length}`).first().waitFor();
    await tab.getByLabel('Window preset').selectOption('default');
    const seen = new Map<string, number>();
    for (let slice = 0; slice < mrSyntaxes.length; slice += 1) {
      await tab.getByLabel('Slice', { exact: true }).fill(String(slice));
      await tab
        .getByText(`Slice ${slice + 1} of ${mrSyntaxes.length}`)
        .first()
        .waitFor();
      const state = await settledCanvas(tab);
      expect(state.litFraction).toBeGreaterThan(0.1);
      seen.set((await tab.locator('.dv-syntax-text').textContent()) ?? '', state.hash);
    }
    expect([...seen.keys()].sort()).toEqual(
      mrSyntaxes.map(([, syntax]) => `Transfer syntax: ${syntax}`).sort(),
    );
    expect(new Set(seen.values()).size).toBe(1);

    const colour = tab
      .locator('.dv-series-button')
      .filter({ hasText: /^OT/ })
      .filter({ hasText: '2 images' });
    await colour.click();
    for (let slice = 0; slice < colourJpegs.length; slice += 1) {
      await tab.getByLabel('Slice', { exact: true }).fill(String(slice));
      await tab
        .getByText(`Slice ${slice + 1} of ${colourJpegs.length}`)
        .first()
        .waitFor();
      expect((await settledCanvas(tab)).litFraction).toBeGreaterThan(0.1);
    }
    await tab.screenshot({ path: shot('colour-jpeg') });
  }, 60_000);

  it('shows names in UTF-8, GB18030 and ISO 2022 character sets as written', async () => {
    const shown: string[] = [];
    for (const fileName of Object.keys(charsetNames)) {
      const button = tab
        .locator('.dv-series-button')
        .filter({ hasText: /^OT/ })
        .filter({ hasText: '1 image' })
        .nth(Object.keys(charsetNames).indexOf(fileName));
      await button.click();
      await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
      const name = tab.locator('.dv-tags-table tr', {
        has: tab.getByRole('cell', { name: "Patient's Name", exact: true }),
      });
      await expect.poll(async () => (await name.locator('td').nth(3).textContent()) ?? '').not.toBe('');
      shown.push((await name.locator('td').nth(3).textContent()) ?? '');
    }
    expect(shown.sort()).toEqual(Object.values(charsetNames).sort());
  }, 30_000);

  it('is keyboard usable: slices by arrow keys, Close viewer by Enter and Escape', async () => {
    await openSeries(tab, new RegExp(description('explicit-le')), 'Explicit VR Little Endian');
    const canvas = tab.getByRole('img', { name: 'DICOM image' });
    await canvas.focus();
    const before = await settledCanvas(tab);
    await tab.keyboard.press('ArrowDown');
    await tab.getByText(`Slice 2 of ${SLICES}`).first().waitFor();
    expect((await settledCanvas(tab)).hash).not.toBe(before.hash);
    await tab.keyboard.press('End');
    await tab.getByText(`Slice ${SLICES} of ${SLICES}`).first().waitFor();
    await tab.keyboard.press('Home');
    await tab.getByText(`Slice 1 of ${SLICES}`).first().waitFor();
    // Zoom and pan by keyboard change the view; 0 puts it back as it was.
    const home = await settledCanvas(tab);
    await tab.keyboard.press('+');
    const zoomed = await settledCanvas(tab);
    expect(zoomed.hash).not.toBe(home.hash);
    await tab.keyboard.press('Shift+ArrowRight');
    expect((await settledCanvas(tab)).hash).not.toBe(zoomed.hash);
    await tab.keyboard.press('0');
    await expect.poll(async () => (await canvasState(tab)).hash).toBe(home.hash);
    // Close viewer is reached by the keyboard alone: backwards from the image through the
    // toolbar and the series list (every stop on the way is a control with a name).
    let presses = 0;
    while (
      (await tab.evaluate(() => document.activeElement?.textContent)) !== 'Close viewer' &&
      presses < 40
    ) {
      await tab.keyboard.press('Shift+Tab');
      presses += 1;
    }
    expect(presses).toBeLessThan(40);
    await tab.keyboard.press('Enter');
    await expect.poll(() => tab.locator('body').getAttribute('data-closes')).toBe('1');
    await canvas.focus();
    await tab.keyboard.press('Escape');
    await expect.poll(() => tab.locator('body').getAttribute('data-closes')).toBe('2');
  }, 30_000);

  it('is axe-core clean in English and in Chinese, at 1280 px and on a tablet', async () => {
    const found = await seriousViolations(tab, 'viewer (en, 1280)', axeRuns);
    expect(found).toEqual([]);
    const chinese = await openPage('zh-Hans', 820, 1180);
    await viewer(chinese).and(chinese.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
    await chinese.getByRole('button', { name: '关闭查看器' }).waitFor();
    await chinese.getByLabel('窗宽窗位预设').selectOption('lung');
    expect((await settledCanvas(chinese)).litFraction).toBeGreaterThan(0.1);
    await chinese.screenshot({ path: shot('tablet-zh'), fullPage: true });
    expect(await seriousViolations(chinese, 'viewer (zh-Hans, 820)', axeRuns)).toEqual([]);
    // Nothing of the layout runs off the tablet's width.
    expect(await chinese.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
  }, 90_000);

  it('ran without a script error or a refusal of the Content-Security-Policy', () => {
    expect(problems).toEqual([]);
  });
});

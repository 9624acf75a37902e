import { execFile } from 'node:child_process';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { renderSummaryPdf } from '../functions/core/summary-pdf';
import { parseTerminologyCsv, Terminology } from '../functions/core/terminology';
import { launchChromium } from './chromium';
import { projectRoot } from './local/backend';
import { sampleSummaryCase } from './summary-sample';

/**
 * `npm run render:summary [file.pdf]`: renders a case summary PDF's pages to PNG for review
 * (default: the one `npm run demo` left in .local/demo/). `npm run render:summary -- --sample
 * [out.pdf]` first writes the summary of a realistic sample case (scripts/summary-sample.ts).
 * Pages are drawn with poppler's pdftoppm when installed (Debian: apt-get install
 * poppler-utils), else with pdf.js in headless Chromium; both draw embedded CJK fonts faithfully.
 */
const args = process.argv.slice(2);
const sample = args.includes('--sample');
const named = args.find((arg) => !arg.startsWith('--'));
const input =
  named ??
  (sample
    ? join(projectRoot, '.local', 'summary-sample', 'case-summary.pdf')
    : join(projectRoot, '.local', 'demo', 'case-summary.pdf'));

if (sample) {
  const dir = join(projectRoot, 'terminology');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.csv'));
  const terms = new Terminology(
    (
      await Promise.all(
        files.map(async (name) => parseTerminologyCsv(await readFile(join(dir, name), 'utf8'), name)),
      )
    ).flat(),
  );
  const font = await readFile(
    join(projectRoot, 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  );
  const { pdf } = await renderSummaryPdf(sampleSummaryCase(terms), font);
  await mkdir(dirname(input), { recursive: true });
  await writeFile(input, pdf);
  console.log(`Sample summary written to ${input}`);
}

try {
  await access(input);
} catch {
  console.error(`No ${input}: run \`npm start\` and \`npm run demo\` first, name a PDF, or pass --sample.`);
  process.exit(1);
}
const prefix = input.replace(/\.pdf$/i, '');

async function withPdftoppm(): Promise<string[] | undefined> {
  try {
    await promisify(execFile)('pdftoppm', ['-png', '-r', '110', input, `${prefix}-page`]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`pdftoppm failed: ${(error as Error).message}`);
  }
  const dir = dirname(prefix);
  const base = prefix.slice(dir.length + 1);
  return (await readdir(dir))
    .filter((name) => name.startsWith(`${base}-page`) && name.endsWith('.png'))
    .map((name) => join(dir, name));
}

/** Runs in the page (as source: this project's TypeScript has no DOM types): one canvas a page. */
const DRAW_PAGES = `async (base64) => {
  const { getDocument } = await import('http://render.invalid/pdfjs.mjs');
  const data = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const doc = await getDocument({ data, isEvalSupported: false }).promise;
  for (let number = 1; number <= doc.numPages; number += 1) {
    const pdfPage = await doc.getPage(number);
    const viewport = pdfPage.getViewport({ scale: 110 / 72 });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    canvas.id = 'page' + number;
    canvas.style.display = 'block';
    canvas.style.marginBottom = '8px';
    document.body.append(canvas);
    await pdfPage.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
  }
  return doc.numPages;
}`;

/** pdf.js (the build unpdf ships) draws each page on a canvas in headless Chromium. */
async function withChromium(): Promise<string[]> {
  const pdfjs = await readFile(fileURLToPath(import.meta.resolve('unpdf/pdfjs')));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    await page.route('http://render.invalid/**', (route) =>
      route.request().url().endsWith('/pdfjs.mjs')
        ? route.fulfill({ body: pdfjs, contentType: 'text/javascript' })
        : route.fulfill({
            body: '<!doctype html><body style="margin:0;background:#888"></body>',
            contentType: 'text/html',
          }),
    );
    await page.goto('http://render.invalid/');
    const bytes = (await readFile(input)).toString('base64');
    const pages = Number(await page.evaluate(`(${DRAW_PAGES})(${JSON.stringify(bytes)})`));
    const written: string[] = [];
    for (let number = 1; number <= pages; number += 1) {
      const path = `${prefix}-page${number}.png`;
      await page.locator(`#page${number}`).screenshot({ path });
      written.push(path);
    }
    return written;
  } finally {
    await browser.close();
  }
}

try {
  const pngs = (await withPdftoppm()) ?? (await withChromium());
  console.log(`Rendered ${pngs.length} page(s):\n${pngs.join('\n')}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

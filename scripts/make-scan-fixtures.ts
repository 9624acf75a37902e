import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';

/**
 * Makes the scanned-report fixtures of test/fixtures/scans (see its README): a fictional
 * pathology report laid out as HTML, rendered by headless Chromium at scan resolution with a
 * scanner's faults (a slight skew, speckle, JPEG), then saved as an image-only PDF and as photos.
 * Run with `npx tsx scripts/make-scan-fixtures.ts`.
 */

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const scanFixtures = join(projectRoot, 'test/fixtures/scans');

/** A4 in CSS pixels (96 per inch). */
const A4 = { width: 794, height: 1123 };
/** 2.6 device pixels per CSS pixel: about 250 dpi on A4, what a patient's scanner gives at "document" quality. */
const SCAN_SCALE = 2.6;

const englishReport = `
<header><div class="lab">CITY GENERAL HOSPITAL — DEPARTMENT OF PATHOLOGY</div>
<div class="title">SURGICAL PATHOLOGY REPORT</div></header>
<table class="patient">
<tr><td>Patient name: <b>Maria Testperson</b></td><td>Date of birth: <b>14/03/1971</b></td></tr>
<tr><td>MRN: 00482913</td><td>Accession no.: S26-04417</td></tr>
<tr><td>Specimen received: 02/11/2026</td><td>Reported: 05/11/2026</td></tr>
</table>
<h2>Specimen</h2>
<p>Left breast, wide local excision with sentinel lymph node biopsy.</p>
<h2>Diagnosis</h2>
<p>Invasive ductal carcinoma, left breast.</p>
<p>Histologic grade: Grade 2 (Nottingham score 6 of 9).</p>
<p>Tumour size 28 mm. Margins clear, closest 4 mm (inferior).</p>
<p>Sentinel lymph nodes: metastatic carcinoma in 1 of 3 nodes.</p>
<p>Pathologic stage: pT2 N1 M0.</p>
<h2>Biomarkers</h2>
<table class="markers">
<tr><td>ER</td><td>Positive (90%)</td></tr>
<tr><td>PR</td><td>Positive (60%)</td></tr>
<tr><td>HER2</td><td>Negative (IHC 1+)</td></tr>
<tr><td>Ki-67</td><td>20%</td></tr>
</table>
<h2>Comment</h2>
<p>The findings were reviewed at the departmental consensus meeting.</p>
<footer>Pathologist: Dr. A. Example, MD &nbsp;&nbsp; Page 1 of 1</footer>`;

const chineseReport = `
<header><div class="lab">市第一人民医院 病理科</div><div class="title">病理诊断报告</div></header>
<table class="patient">
<tr><td>姓名：<b>王小东</b></td><td>出生日期：<b>1968-07-21</b></td></tr>
<tr><td>病理号：P2026-11873</td><td>报告日期：2026-11-05</td></tr>
</table>
<h2>病理诊断</h2>
<p>（左乳）浸润性导管癌，组织学分级 2 级。</p>
<p>Invasive ductal carcinoma, Grade 2. pT2 N1 M0.</p>
<h2>免疫组化</h2>
<table class="markers">
<tr><td>ER</td><td>阳性 Positive (80%)</td></tr>
<tr><td>PR</td><td>阳性 Positive (30%)</td></tr>
<tr><td>HER2</td><td>阴性 Negative (IHC 1+)</td></tr>
<tr><td>Ki-67</td><td>30%</td></tr>
</table>
<footer>诊断医师：李医生</footer>`;

const style = `
html, body { margin: 0; background: #fff; }
.sheet { width: ${A4.width}px; height: ${A4.height}px; box-sizing: border-box; padding: 64px 72px;
  font-family: 'Liberation Serif', 'Times New Roman', 'WenQuanYi Zen Hei', serif; font-size: 15px; color: #222;
  transform: rotate(0.5deg); transform-origin: 50% 50%; position: relative; filter: blur(0.35px); }
header { text-align: center; border-bottom: 2px solid #333; padding-bottom: 10px; margin-bottom: 16px; }
.lab { font-size: 17px; letter-spacing: 1px; } .title { font-size: 20px; font-weight: bold; margin-top: 6px; }
table { border-collapse: collapse; width: 100%; } td { padding: 3px 6px; }
.patient td { width: 50%; } .markers { width: 60%; } .markers td:first-child { width: 30%; }
h2 { font-size: 16px; margin: 18px 0 6px; text-transform: uppercase; }
p { margin: 4px 0; }
footer { position: absolute; bottom: 56px; left: 72px; right: 72px; border-top: 1px solid #333; padding-top: 6px; }
.speckle { position: absolute; inset: 0; pointer-events: none; opacity: 0.1; mix-blend-mode: multiply; }
`;

/** Fine speckle and a faint grey cast, as a flatbed scanner leaves them. */
const speckle = `<svg class="speckle" width="100%" height="100%"><filter id="n"><feTurbulence type="fractalNoise"
  baseFrequency="0.9" numOctaves="2" seed="7"/><feColorMatrix type="saturate" values="0"/></filter>
  <rect width="100%" height="100%" filter="url(#n)"/></svg>`;

const html = (body: string, extraStyle = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><style>${style}${extraStyle}</style></head>
  <body><div class="sheet">${body}${speckle}</div></body></html>`;

/** Renders a report page to a JPEG at `scale` device pixels per CSS pixel. */
async function renderJpeg(
  browser: Browser,
  body: string,
  options: { scale: number; quality: number; extraStyle?: string; clip?: { width: number; height: number } },
): Promise<Buffer> {
  const context = await browser.newContext({
    viewport: options.clip ?? A4,
    deviceScaleFactor: options.scale,
  });
  try {
    const page = await context.newPage();
    await page.setContent(html(body, options.extraStyle));
    return await page.screenshot({ type: 'jpeg', quality: options.quality, fullPage: false });
  } finally {
    await context.close();
  }
}

/** An image-only PDF: each JPEG is a page of A4 (DCTDecode XObject), no text layer. */
export async function imagePdf(jpegs: readonly Uint8Array[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const jpeg of jpegs) {
    const image = await pdf.embedJpg(jpeg);
    // A4 in points.
    const page = pdf.addPage([595.28, 841.89]);
    page.drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
  }
  return pdf.save({ useObjectStreams: false });
}

export async function makeScanFixtures(): Promise<Record<string, number>> {
  mkdirSync(scanFixtures, { recursive: true });
  const browser = await launchChromium();
  const written: Record<string, number> = {};
  const write = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(scanFixtures, name), bytes);
    written[name] = bytes.length;
  };
  try {
    const grey = '.sheet { filter: blur(0.35px) grayscale(1); }';
    const scan = await renderJpeg(browser, englishReport, {
      scale: SCAN_SCALE,
      quality: 60,
      extraStyle: grey,
    });
    write('report-en-page.jpg', scan);
    write('report-en-scanned.pdf', await imagePdf([scan]));
    // A phone photo of the page: warmer paper, a shadow at one edge, a little more skew; ~1700 px.
    const photoStyle =
      '.sheet { transform: rotate(-1.2deg) scale(0.96); filter: blur(0.5px) sepia(0.25); box-shadow: inset -40px 0 60px rgba(0,0,0,0.18); } body { background: #8a7f72; }';
    write(
      'report-en-photo.jpg',
      await renderJpeg(browser, englishReport, { scale: 1.5, quality: 60, extraStyle: photoStyle }),
    );
    // Too small: the whole page in 400 px, as a thumbnail sent from a messaging app.
    write(
      'report-en-small.jpg',
      await renderJpeg(browser, englishReport, {
        scale: 400 / A4.width,
        quality: 70,
        extraStyle: photoStyle,
      }),
    );
    // Out of focus: the size is right, the letters are not there.
    write(
      'report-en-blurred.jpg',
      await renderJpeg(browser, englishReport, {
        scale: 1.5,
        quality: 60,
        extraStyle: '.sheet { filter: blur(4px) sepia(0.25); transform: rotate(-1.2deg) scale(0.96); }',
      }),
    );
    const zh = await renderJpeg(browser, chineseReport, { scale: SCAN_SCALE, quality: 60, extraStyle: grey });
    write('report-zh-scanned.pdf', await imagePdf([zh]));
  } finally {
    await browser.close();
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await makeScanFixtures();
  for (const [name, size] of Object.entries(written)) console.log(`${name}\t${(size / 1024).toFixed(0)} KB`);
}

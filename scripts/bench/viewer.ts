import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { buildSync } from 'esbuild';
import { s3 } from '../../functions/adapters/aws-clients';
import { buckets } from '../../functions/contract';
import { hospitalPortalSecurityHeaders } from '../../functions/core/page-security';
import type { ViewerFile } from '../../web/hospital/viewer/viewer-file';
import { viewerBundling } from '../../web/hospital/viewer-bundling';
import { launchChromium } from '../chromium';
import { makeCtSeries } from '../dicom-series';
import { allowBrowserReads } from '../local/s3';

/**
 * The DICOM viewer on a page of its own, for its browser test and its bench: the viewer bundled
 * with the options the portal's build merges (web/hospital/viewer-bundling.ts), served from a
 * loopback origin under the portal's Content-Security-Policy, reading files the local relay
 * bucket serves through presigned URLs.
 */

const projectRoot = join(import.meta.dirname, '../..');

/**
 * The headers the viewer's page is served with: the hospital portal's own (its CSP names the
 * relay bucket's origin and the sign-in's), so the viewer is tested under the policy it ships with.
 */
export function viewerPageHeaders(relayOrigin: string, oauthOrigin: string): Record<string, string> {
  return hospitalPortalSecurityHeaders({ oauth: oauthOrigin, relay: relayOrigin });
}

/** The harness page's script: opens the viewer on `/files.json` as the portal's case page would. */
const harnessEntry = `
import './viewer/viewer.css';
const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'zh-Hans';
document.documentElement.lang = lang;
const files = await (await fetch('/files.json')).json();
const live = document.getElementById('live');
const host = document.getElementById('host');
const importStart = performance.now();
const { openViewer } = await import('./viewer/index');
document.body.dataset.importMs = String(Math.round(performance.now() - importStart));
let closes = 0;
const viewer = await openViewer(host, files, {
  lang,
  onClose() {
    closes += 1;
    document.body.dataset.closes = String(closes);
  },
  announce(message) {
    live.textContent = message;
  },
});
window.viewerHandle = viewer;
`;

const harnessHtml = `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Case images</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
<script type="module" src="/app.js"></script>
</head>
<body>
<main>
<h1>Case images</h1>
<div id="host"></div>
<p id="live" role="status" aria-live="polite"></p>
</main>
</body>
</html>
`;

export interface BuiltPage {
  /** Every output by its URL path, with its content type. */
  readonly files: ReadonlyMap<string, { body: Uint8Array; type: string }>;
  /** The viewer's own outputs (everything but the harness entry), raw and gzipped. */
  readonly viewerBytes: {
    js: number;
    jsGzip: number;
    wasm: number;
    wasmGzip: number;
    worker: number;
    workerGzip: number;
  };
}

/** Bundles the harness page as the portal's build does: esm, split, minified, the viewer's options merged. */
export function buildViewerPage(): BuiltPage {
  const bundling = viewerBundling();
  const outdir = join(projectRoot, '.build/viewer-harness');
  const result = buildSync({
    stdin: {
      contents: harnessEntry,
      resolveDir: join(projectRoot, 'web/hospital'),
      loader: 'ts',
      sourcefile: 'app.ts',
    },
    bundle: true,
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    minify: true,
    legalComments: 'eof',
    write: false,
    outdir,
    entryNames: 'app',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    splitting: true,
    format: 'esm',
    ...bundling.options,
    define: { 'process.env.NODE_ENV': '"production"', ...bundling.options.define },
    logLevel: 'warning',
  });
  const types: Record<string, string> = {
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    ...bundling.contentTypes,
  };
  const files = new Map<string, { body: Uint8Array; type: string }>();
  const bytes = { js: 0, jsGzip: 0, wasm: 0, wasmGzip: 0, worker: 0, workerGzip: 0 };
  for (const file of result.outputFiles) {
    const name = file.path.slice(outdir.length);
    const extension = name.slice(name.lastIndexOf('.'));
    const type = types[extension];
    if (!type) throw new Error(`the viewer build wrote ${name}, of a type the page does not serve`);
    files.set(name, { body: file.contents, type });
    if (name === '/app.js' || name === '/app.css') continue;
    const gz = gzipSync(file.contents, { level: 9 }).length;
    if (extension === '.wasm') {
      bytes.wasm += file.contents.length;
      bytes.wasmGzip += gz;
    } else if (extension === '.js') {
      bytes.js += file.contents.length;
      bytes.jsGzip += gz;
    }
  }
  // The worker's source rides inside the viewer's chunk (see viewer-bundling.ts): counted apart too.
  const worker = Buffer.from(JSON.parse(bundling.options.define?.__DICOM_DECODE_WORKER__ ?? '""') as string);
  bytes.worker = worker.length;
  bytes.workerGzip = gzipSync(worker, { level: 9 }).length;
  files.set('/', { body: Buffer.from(harnessHtml), type: 'text/html; charset=utf-8' });
  return { files, viewerBytes: bytes };
}

/** Serves the page, `/files.json` and nothing else, on loopback, with the portal's headers. */
export async function serveViewerPage(
  page: BuiltPage,
  headers: Record<string, string>,
  viewerFiles: () => readonly ViewerFile[],
) {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/files.json') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(viewerFiles()));
      return;
    }
    const file = page.files.get(path);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': file.type });
    response.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * The relay bucket's CORS for the viewer's origin (and the portal's): the rule the relay has in
 * AWS (`browserReadCors`), as the local backend's start sets it for its own origin.
 */
export async function allowViewerOrigin(...origins: string[]): Promise<void> {
  await allowBrowserReads(origins);
}

/** Puts one object into the relay bucket and returns a presigned GET for it (15 minutes). */
export async function relayObject(key: string, body: Uint8Array, contentType: string): Promise<string> {
  const Bucket = buckets.relay.localName;
  await s3('relay').send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }));
  return getSignedUrl(s3('relay'), new GetObjectCommand({ Bucket, Key: key }), { expiresIn: 900 });
}

// --- The bench: `npx tsx scripts/bench/viewer.ts` (starts its own local backend). ---

export interface ViewerFigures {
  readonly slices: number;
  readonly firstImageMs: number;
  readonly importMs: number;
  readonly allFetchedMs: number;
  readonly allLoadedMs: number;
  readonly heapAfterScrollMiB: number;
  /** ArrayBuffer backing stores (outside the JS heap): what the files and decoded slices take. */
  readonly backingStoreMiB: number;
  /** Cornerstone's image cache (decoded slices), as it counts itself. */
  readonly imageCacheMiB: number;
  readonly viewerBytes: BuiltPage['viewerBytes'];
}

/** Opens a 300-slice 512 × 512 CT series in headless Chromium against the running local relay. */
export async function measureViewer(oauthOrigin: string, slices = 300): Promise<ViewerFigures> {
  const studyInstanceUid = '1.2.826.0.1.3680043.8.498.77.1';
  const seriesInstanceUid = `${studyInstanceUid}.1`;
  const series = await makeCtSeries({
    syntax: 'explicit-le',
    slices,
    size: 512,
    studyInstanceUid,
    seriesInstanceUid,
    seriesNumber: 1,
    seriesDescription: 'Bench CT',
  });
  const files: ViewerFile[] = [];
  for (const [index, body] of series.entries()) {
    const fileId = `bench-${String(index + 1).padStart(4, '0')}`;
    files.push({
      fileId,
      fileName: `IM${String(index + 1).padStart(4, '0')}.dcm`,
      url: await relayObject(`bench/viewer/${fileId}.dcm`, body, 'application/dicom'),
      size: body.length,
      dicom: { studyInstanceUid, seriesInstanceUid },
    });
  }
  const relayOrigin = new URL(files[0]!.url).origin;
  const page = buildViewerPage();
  const server = await serveViewerPage(page, viewerPageHeaders(relayOrigin, oauthOrigin), () => files);
  await allowViewerOrigin(server.origin);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    await tab.goto(`${server.origin}/?lang=en`);
    const root = tab.locator('.dicom-viewer');
    await root.and(tab.locator('[data-first-image-ms]')).waitFor({ timeout: 60_000 });
    await tab.locator('.dicom-viewer[data-state="ready"]').waitFor({ timeout: 300_000 });
    const firstImageMs = Number(await root.getAttribute('data-first-image-ms'));
    const allFetchedMs = Number(await root.getAttribute('data-fetched-ms'));
    const allLoadedMs = Number(await root.getAttribute('data-ready-ms'));
    const importMs = Number(await tab.locator('body').getAttribute('data-import-ms'));
    // Scroll the whole series by keyboard, one slice at a time, waiting for each to be drawn.
    const canvas = tab.getByRole('img', { name: 'DICOM image' });
    await canvas.focus();
    for (let slice = 1; slice < slices; slice += 1) {
      await tab.keyboard.press('ArrowDown');
      await tab.locator('.dv-slice-text', { hasText: `Slice ${slice + 1} of ${slices}` }).waitFor();
    }
    const session = await context.newCDPSession(tab);
    await session.send('HeapProfiler.collectGarbage');
    // The JS heap, and apart from it the ArrayBuffers' backing stores (file bytes, decoded pixels).
    const usage = (await session.send('Runtime.getHeapUsage')) as {
      usedSize: number;
      backingStorageSize?: number;
    };
    const cacheBytes = Number(await root.getAttribute('data-cache-bytes'));
    return {
      slices,
      firstImageMs,
      importMs,
      allFetchedMs,
      allLoadedMs,
      heapAfterScrollMiB: usage.usedSize / 1024 / 1024,
      backingStoreMiB: (usage.backingStorageSize ?? Number.NaN) / 1024 / 1024,
      imageCacheMiB: cacheBytes / 1024 / 1024,
      viewerBytes: page.viewerBytes,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

function printFigures(figures: ViewerFigures) {
  const KiB = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const rows: [string, string][] = [
    [
      `series`,
      `${figures.slices} slices, 512 × 512, 16-bit, explicit VR LE, from the local relay (S3 emulator)`,
    ],
    [
      'open → first image drawn',
      `${figures.firstImageMs} ms (+ ${figures.importMs} ms to load the viewer's code)`,
    ],
    ['open → all slices fetched', `${figures.allFetchedMs} ms`],
    ['open → all slices fetched and decoded', `${figures.allLoadedMs} ms`],
    ['JS heap after scrolling every slice (after GC)', `${figures.heapAfterScrollMiB.toFixed(1)} MiB`],
    ['  ArrayBuffers outside the heap (files, pixels)', `${figures.backingStoreMiB.toFixed(1)} MiB`],
    ['  of which Cornerstone image cache (decoded)', `${figures.imageCacheMiB.toFixed(1)} MiB`],
    [
      'viewer chunks (JS, main thread)',
      `${KiB(figures.viewerBytes.js)} (${KiB(figures.viewerBytes.jsGzip)} gzipped)`,
    ],
    [
      '  of which the decode worker (inlined)',
      `${KiB(figures.viewerBytes.worker)} (${KiB(figures.viewerBytes.workerGzip)} gzipped)`,
    ],
    [
      'codecs (.wasm, fetched only for their syntax)',
      `${KiB(figures.viewerBytes.wasm)} (${KiB(figures.viewerBytes.wasmGzip)} gzipped)`,
    ],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
  console.log(`first image within 1 s: ${figures.firstImageMs <= 1000 ? 'yes' : 'NO'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { startLocalBackend } = await import('../local/backend');
  const dataDir = await mkdtemp(join(tmpdir(), 'oso-viewer-bench-'));
  const backend = await startLocalBackend({ dataDir, port: 0 });
  try {
    const oauthOrigin = new URL(backend.endpoints.auth.issuer).origin;
    printFigures(await measureViewer(oauthOrigin, Number(process.env.VIEWER_BENCH_SLICES ?? 300)));
  } finally {
    await backend.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

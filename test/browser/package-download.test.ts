import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/aws-clients';
import { bucketName } from '../../functions/adapters/settings';
import { browserReadCors } from '../../functions/contract';
import { hospitalPortalSecurityHeaders } from '../../functions/core/page-security';
import { launchChromium } from '../../scripts/chromium';
import { largeDicom, makeDicom, makeZip } from '../../scripts/fixtures';
import type { DownloadProgress, PackageFileRef } from '../../web/hospital/download/package-download';
import { useLocalBackend } from '../e2e/harness';
import { watchProblems } from './page-problems';

/**
 * The hospital portal's download and disc modules in Chromium, against the local relay bucket:
 * a harness page (built here with esbuild, served on loopback with the portal's CSP) imports
 * them and the test drives them with page.evaluate. The package is a real delivered case's.
 */
const local = useLocalBackend('package-download');
configure({ useWebWorkers: false });

const ROOT = new URL('../../', import.meta.url).pathname;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The relay bucket's CORS rule from the shared definition (functions/contract/buckets.ts), for
 * this test's page in place of the portal's origin: GET and HEAD, the Range request header (a
 * script's fetch with Range is preflighted), and the response headers zip.js reads (the size
 * from Content-Range, Accept-Ranges to trust ranges, ETag to notice an object changing under it).
 */
const relayCors = (origin: string, exposeHeaders: readonly string[] = browserReadCors.exposedHeaders) => ({
  AllowedOrigins: [origin],
  AllowedMethods: [...browserReadCors.allowedMethods],
  AllowedHeaders: [...browserReadCors.allowedHeaders],
  ExposeHeaders: [...exposeHeaders],
  MaxAgeSeconds: browserReadCors.maxAgeSeconds,
});

interface Harness {
  downloadPackage(
    caseId: string,
    files: PackageFileRef[],
    save: 'anchor' | 'auto',
  ): Promise<{
    result?: { bytes: number; files: number };
    error?: HarnessError;
    progress: DownloadProgress[];
  }>;
  downloadFile(
    file: PackageFileRef,
    save: 'anchor' | 'auto',
  ): Promise<{ error?: HarnessError; progress: DownloadProgress[] }>;
  openDisc(
    url: string,
    size: number,
    readPath: string,
  ): Promise<{
    entries?: { path: string; size: number }[];
    read?: number[];
    error?: HarnessError;
    requests: { range: string | null; status: number; requested: number; bytes: number }[];
  }>;
  pickerAvailable(): boolean;
  withFakePicker(
    caseId: string,
    files: PackageFileRef[],
    keep: boolean,
  ): Promise<{
    result?: { bytes: number; files: number };
    error?: HarnessError;
    record: {
      suggestedName: string | null;
      closed: boolean;
      aborted: string | null;
      removed: boolean;
      base64: string | null;
      bytes: number;
    };
  }>;
}
interface HarnessError {
  name: string;
  message: string;
  fileName?: string;
  expected?: string;
  actual?: string;
}
declare global {
  interface Window {
    harness: Harness;
  }
}

/** The harness page's script: the modules under test and a fetch meter, nothing else. */
const HARNESS_ENTRY = `
import { downloadPackage, downloadFile } from './web/hospital/download/package-download';
import { pickerAvailable } from './web/hospital/download/save-target';
import { openDisc } from './web/hospital/archive/disc-reader';

const describe = (error) => ({
  name: error?.name ?? 'Error', message: String(error?.message ?? error),
  fileName: error?.fileName, expected: error?.expected, actual: error?.actual,
});
// Every response the page receives, with the bytes storage says it sent (Content-Length).
const requests = [];
const pageFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const response = await pageFetch(input, init);
  const range = init?.headers ? new Headers(init.headers).get('range') : null;
  const bounds = /^bytes=([0-9]*)-([0-9]+)$/.exec(range ?? '');
  requests.push({
    range,
    status: response.status,
    // What S3 sends for the range asked: first-last, or the last N bytes.
    requested: !bounds ? Number.POSITIVE_INFINITY : bounds[1] === '' ? Number(bounds[2]) : Number(bounds[2]) - Number(bounds[1]) + 1,
    bytes: Number(response.headers.get('content-length') ?? 0),
  });
  return response;
};
window.harness = {
  async downloadPackage(caseId, files, save) {
    const progress = [];
    try {
      const result = await downloadPackage(caseId, files, (p) => progress.push(p), undefined, { save });
      return { result, progress };
    } catch (error) {
      return { error: describe(error), progress };
    }
  },
  async downloadFile(file, save) {
    const progress = [];
    try {
      await downloadFile(file, (p) => progress.push(p), undefined, { save });
      return { progress };
    } catch (error) {
      return { error: describe(error), progress };
    }
  },
  async openDisc(url, size, readPath) {
    requests.length = 0;
    try {
      const entries = await openDisc(url, size);
      const entry = entries.find((candidate) => candidate.path === readPath);
      const read = entry ? Array.from(new Uint8Array(await entry.read())) : undefined;
      return { entries: entries.map(({ path, size }) => ({ path, size })), read, requests: [...requests] };
    } catch (error) {
      return { error: describe(error), requests: [...requests] };
    }
  },
  pickerAvailable,
  // A stand-in for the save dialog (headless Chromium cancels every real one): a handle whose
  // writable records what the download does with it.
  async withFakePicker(caseId, files, keep) {
    const record = { suggestedName: null, closed: false, aborted: null, removed: false, base64: null, bytes: 0 };
    const written = [];
    window.showSaveFilePicker = async (options) => {
      record.suggestedName = options.suggestedName;
      return {
        getFile: async () => new File(record.closed ? written : [], options.suggestedName),
        createWritable: async () =>
          new WritableStream({
            write(chunk) {
              if (keep) written.push(chunk.slice());
              record.bytes += chunk.byteLength;
            },
            close() { record.closed = true; },
            abort(reason) { record.aborted = String(reason?.name ?? reason); },
          }),
        remove: async () => { record.removed = true; },
      };
    };
    let result, error;
    try {
      result = await downloadPackage(caseId, files, () => {}, undefined, { save: 'picker' });
    } catch (caught) {
      error = describe(caught);
    }
    if (record.closed) {
      const url = await new Promise((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.readAsDataURL(new Blob(written));
      });
      record.base64 = String(url).slice(String(url).indexOf(',') + 1);
    }
    delete window.showSaveFilePicker;
    return { result, error, record };
  },
};
`;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let server: Server;
let origin: string;
let bundleBytes = 0;
const pageProblems: string[] = [];
let downloads = 0;

/** A presigned GET; another lifetime gives another URL, which no response in the browser's cache answers. */
const presignRelay = (key: string, expiresIn = 900) =>
  getSignedUrl(s3('relay'), new GetObjectCommand({ Bucket: bucketName('relay'), Key: key }), { expiresIn });

async function putRelayObject(key: string, body: Uint8Array): Promise<string> {
  await s3('relay').send(new PutObjectCommand({ Bucket: bucketName('relay'), Key: key, Body: body }));
  return presignRelay(key);
}

async function setRelayCors(rule: ReturnType<typeof relayCors>) {
  await s3('relay').send(
    new PutBucketCorsCommand({ Bucket: bucketName('relay'), CORSConfiguration: { CORSRules: [rule] } }),
  );
}

/** Resident memory of this test's Chromium processes (browser, renderer, utilities), in bytes, from /proc. */
function chromiumRss(): number {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parents.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // The process ended while the table was read.
    }
  }
  const descends = (pid: number): boolean => {
    for (
      let current = parents.get(pid);
      current !== undefined && current > 1;
      current = parents.get(current)
    ) {
      if (current === process.pid) return true;
    }
    return false;
  };
  let total = 0;
  for (const [pid, name] of names) {
    if (!name.startsWith('chrom') || !descends(pid)) continue;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // Gone already.
    }
  }
  return total;
}

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: HARNESS_ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'harness.ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari15'],
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  const script = bundle.outputFiles[0]!.contents;
  bundleBytes = script.length;
  const { apiUrl, s3Endpoint } = local.backend.endpoints;
  const headers = hospitalPortalSecurityHeaders({ oauth: apiUrl, relay: s3Endpoint });
  server = createServer((request, response) => {
    if (request.url === '/harness.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      response.end(script);
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    response.end(
      '<!doctype html><html lang="en"><head><title>Download harness</title><script type="module" src="/harness.js"></script></head><body><main></main></body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await setRelayCors(relayCors(origin));

  browser = await launchChromium();
  context = await browser.newContext({ acceptDownloads: true });
  page = watchProblems(await context.newPage(), pageProblems, 'any');
  page.on('download', () => {
    downloads += 1;
  });
  await page.goto(origin);
  await page.waitForFunction(() => 'harness' in window);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
});

/** The relay's listing of a delivered case, as the portal receives it. */
async function packageListing(caseId: string, token: string): Promise<PackageFileRef[]> {
  const listing = await local.api.call('GET', `/relay/cases/${caseId}/package`, token);
  expect(listing.status).toBe(200);
  return (listing.body.files as (PackageFileRef & { expiresAt: string })[]).map(
    ({ fileId, fileName, category, size, sha256: digest, url }) => ({
      fileId,
      fileName,
      category,
      size,
      sha256: digest,
      url,
    }),
  );
}

async function unzip(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  const files = new Map<string, Uint8Array>();
  for (const entry of await reader.getEntries()) {
    if (!entry.directory)
      files.set(entry.filename, await entry.getData(new Uint8ArrayWriter(), { checkCrc32: true }));
  }
  await reader.close();
  return files;
}

describe('downloading a package in the hospital portal', () => {
  let caseId: string;
  let files: PackageFileRef[];
  const ctSize = 32 * 1024 * 1024;

  it('streams the whole package into one zip, every file matching the manifest, progress reaching the total', async () => {
    // largeDicom labels its study with the harness's default patient, so the case is that patient's.
    const delivered = await local.deliveredCase({ fullName: 'Test Patient', imaging: largeDicom(ctSize) });
    caseId = delivered.caseId;
    files = await packageListing(caseId, delivered.hospital.token);
    expect(files.map((file) => file.category)).toContain('manifest');
    const totalBytes = files.reduce((total, file) => total + file.size, 0);

    const rssBefore = chromiumRss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, chromiumRss());
    }, 100);
    const started = performance.now();
    const downloadEvent = page.waitForEvent('download');
    const outcome = await page.evaluate(
      ({ id, list }) => window.harness.downloadPackage(id, list, 'anchor'),
      { id: caseId, list: files },
    );
    const download = await downloadEvent;
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    expect(outcome.error).toBeUndefined();
    expect(download.suggestedFilename()).toBe(`${caseId}-package.zip`);
    const archive = new Uint8Array(await readFile((await download.path())!));
    expect(outcome.result).toEqual({ bytes: archive.length, files: files.length });

    // Progress: only grows, and ends at the package's total.
    const done = outcome.progress.map((p) => p.doneBytes);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(outcome.progress.at(-1)).toMatchObject({ doneBytes: totalBytes, totalBytes });

    // Every file of the listing is in the archive, and hashes to both the relay's and the manifest's SHA-256.
    const unzipped = await unzip(archive);
    expect([...unzipped.keys()].sort()).toEqual(files.map((file) => file.fileName).sort());
    const manifest = JSON.parse(new TextDecoder().decode(unzipped.get('manifest.json'))) as {
      caseId: string;
      files: { fileId: string; fileName: string; sha256: string }[];
    };
    expect(manifest.caseId).toBe(caseId);
    expect(manifest.files.length).toBe(files.length - 1);
    for (const entry of manifest.files) {
      const bytes = unzipped.get(entry.fileName);
      expect(bytes, entry.fileName).toBeDefined();
      expect(sha256(bytes!), entry.fileName).toBe(entry.sha256);
      expect(files.find((file) => file.fileId === entry.fileId)?.sha256).toBe(entry.sha256);
    }
    const manifestRef = files.find((file) => file.category === 'manifest')!;
    expect(sha256(unzipped.get('manifest.json')!)).toBe(manifestRef.sha256);
    console.info(
      `package download: ${files.length} files, ${(totalBytes / 1048576).toFixed(1)} MiB in ${elapsed.toFixed(0)} ms; ` +
        `archive ${archive.length} bytes; Chromium RSS ${(rssBefore / 1048576).toFixed(0)} → peak ${(rssPeak / 1048576).toFixed(0)} MiB ` +
        `(+${((rssPeak - rssBefore) / 1048576).toFixed(0)} MiB, anchor path); harness bundle ${bundleBytes} bytes`,
    );
  }, 120_000);

  it('aborts the archive when a file’s bytes differ: ChecksumMismatch, and nothing is offered to save', async () => {
    const victim = [...files].reverse().find((file) => file.category !== 'manifest')!;
    // The last file of the archive: everything before it has already streamed into the zip.
    expect(files.indexOf(victim)).toBe(files.length - 1);
    const original = new Uint8Array(await (await fetch(victim.url)).arrayBuffer());
    const tampered = original.slice();
    tampered[tampered.length >> 1]! ^= 0xff;
    const tamperedUrl = await putRelayObject(`tampered/${caseId}/${victim.fileId}`, tampered);
    const list = files.map((file) => (file === victim ? { ...file, url: tamperedUrl } : file));

    const before = downloads;
    const outcome = await page.evaluate(
      ({ id, list }) => window.harness.downloadPackage(id, list, 'anchor'),
      {
        id: caseId,
        list,
      },
    );
    expect(outcome.error).toMatchObject({
      name: 'ChecksumMismatch',
      fileName: victim.fileName,
      expected: victim.sha256,
      actual: sha256(tampered),
    });
    // Every other file had streamed into the archive when the mismatch was found.
    expect(outcome.progress.at(-1)?.doneBytes).toBe(files.reduce((total, file) => total + file.size, 0));
    await page.waitForTimeout(1500);
    expect(downloads).toBe(before);

    // A listing whose SHA-256 disagrees with the manifest stops before any file is fetched.
    const disagreeing = files.map((file) => (file === victim ? { ...file, sha256: sha256(tampered) } : file));
    const refused = await page.evaluate(
      ({ id, list }) => window.harness.downloadPackage(id, list, 'anchor'),
      {
        id: caseId,
        list: disagreeing,
      },
    );
    expect(refused.error).toMatchObject({ name: 'ManifestMismatch', fileName: victim.fileName });
    await page.waitForTimeout(500);
    expect(downloads).toBe(before);
  }, 60_000);

  it('downloads one file after its SHA-256 checked, and offers nothing when it does not match', async () => {
    const pdf = files.find((file) => file.fileName === 'pathology.pdf')!;
    // `auto` takes the link for a file this small (the save dialog is for 512 MiB and more).
    const pickerAvailable = await page.evaluate(() => window.harness.pickerAvailable());
    const downloadEvent = page.waitForEvent('download');
    const outcome = await page.evaluate((file) => window.harness.downloadFile(file, 'auto'), pdf);
    expect(outcome.error).toBeUndefined();
    const download = await downloadEvent;
    expect(download.suggestedFilename()).toBe('pathology.pdf');
    expect(sha256(await readFile((await download.path())!))).toBe(pdf.sha256);
    expect(outcome.progress.at(-1)).toMatchObject({ doneBytes: pdf.size, totalBytes: pdf.size });

    const before = downloads;
    const other = files.find((file) => file.fileName === 'case-summary.pdf')!;
    const wrong = await page.evaluate((file) => window.harness.downloadFile(file, 'anchor'), {
      ...pdf,
      url: other.url,
    });
    expect(wrong.error).toMatchObject({ name: 'ChecksumMismatch', fileName: 'pathology.pdf' });
    await page.waitForTimeout(1000);
    expect(downloads).toBe(before);
    console.info(`showSaveFilePicker offered in headless Chromium: ${pickerAvailable}`);
  }, 60_000);

  it('on the save-dialog path, streams into the chosen file and aborts it on a mismatch', async () => {
    const good = await page.evaluate(({ id, list }) => window.harness.withFakePicker(id, list, true), {
      id: caseId,
      list: files,
    });
    expect(good.error).toBeUndefined();
    expect(good.record).toMatchObject({
      suggestedName: `${caseId}-package.zip`,
      closed: true,
      aborted: null,
    });
    expect(good.record.bytes).toBe(good.result?.bytes);
    const unzipped = await unzip(new Uint8Array(Buffer.from(good.record.base64 ?? '', 'base64')));
    for (const file of files) expect(sha256(unzipped.get(file.fileName)!), file.fileName).toBe(file.sha256);

    const victim = files.find((file) => file.category === 'imaging')!;
    const summary = files.find((file) => file.category === 'summary')!;
    const tampered = files.map((file) => (file === victim ? { ...file, url: summary.url } : file));
    const bad = await page.evaluate(({ id, list }) => window.harness.withFakePicker(id, list, false), {
      id: caseId,
      list: tampered,
    });
    expect(bad.error).toMatchObject({ name: 'ChecksumMismatch', fileName: victim.fileName });
    // The write was aborted, never committed, and the empty file the dialog made removed.
    expect(bad.record).toMatchObject({ closed: false, removed: true });
    expect(bad.record.aborted).not.toBeNull();

    // The streaming path's own memory: a file that keeps nothing (as the disk does), measured.
    const rssBefore = chromiumRss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, chromiumRss());
    }, 100);
    const streamed = await page.evaluate(({ id, list }) => window.harness.withFakePicker(id, list, false), {
      id: caseId,
      list: files,
    });
    clearInterval(sampler);
    expect(streamed.record).toMatchObject({ closed: true, bytes: good.record.bytes });
    console.info(
      `save-dialog path: ${(streamed.record.bytes / 1048576).toFixed(1)} MiB streamed; Chromium RSS ` +
        `${(rssBefore / 1048576).toFixed(0)} → peak ${(rssPeak / 1048576).toFixed(0)} MiB (+${((rssPeak - rssBefore) / 1048576).toFixed(0)} MiB)`,
    );
  }, 90_000);
});

describe('a zipped imaging disc read through its index', () => {
  const slices = [1, 2, 3, 4].map((n) =>
    makeDicom({ sopInstanceUid: `1.2.826.0.1.3680043.8.498.77.${n}`, rows: 128, columns: 128 }),
  );
  const large = largeDicom(24 * 1024 * 1024);
  const named = makeDicom({ sopInstanceUid: '1.2.826.0.1.3680043.8.498.77.9' });
  const disc = makeZip([
    // DICOMDIR is itself a DICOM file (DICM at 128): left out by its name.
    { name: 'DICOMDIR', data: makeDicom({ sopInstanceUid: '1.2.826.0.1.3680043.8.498.77.0' }) },
    { name: 'AUTORUN.INF', data: Buffer.from('[autorun]\r\nopen=viewer\\viewer.exe\r\n') },
    { name: 'README.TXT', data: Buffer.from('Imaging disc.\r\n'), deflate: true },
    { name: 'VIEWER/viewer.exe', data: Buffer.alloc(300_000, 0x90) },
    ...slices.map((data, index) => ({ name: `DICOM/S0001/IM000${index + 1}`, data, deflate: true })),
    { name: 'DICOM/S0002/IM0001', data: large },
    // No extension and not DICOM (a viewer's cache, a short note): sniffed and left out.
    { name: 'DICOM/S0001/CACHE', data: Buffer.alloc(4096, 7), deflate: true },
    { name: 'DICOM/NOTE', data: Buffer.from('short') },
    { name: 'EXPORT/scan.dcm', data: named, deflate: true },
  ]);

  it('lists exactly its DICOM entries and reads one, fetching a small fraction of the archive', async () => {
    const url = await putRelayObject('discs/test-disc.zip', disc);
    const [blindUrl, rangelessUrl] = [
      await presignRelay('discs/test-disc.zip', 901),
      await presignRelay('discs/test-disc.zip', 902),
    ];

    // Without Content-Range exposed the reader cannot learn the archive's size from a ranged GET.
    await setRelayCors(relayCors(origin, ['Accept-Ranges', 'ETag']));
    const blind = await page.evaluate(
      ({ url, size }) => window.harness.openDisc(url, size, 'DICOM/S0001/IM0003'),
      { url: blindUrl, size: disc.length },
    );
    expect(blind.error?.message).toMatch(/403|Forbidden/);
    // Without Accept-Ranges exposed, zip.js will not trust the server with ranges at all.
    await setRelayCors(relayCors(origin, ['Content-Range', 'ETag']));
    const rangeless = await page.evaluate(
      ({ url, size }) => window.harness.openDisc(url, size, 'DICOM/S0001/IM0003'),
      { url: rangelessUrl, size: disc.length },
    );
    expect(rangeless.error?.message).toBe('HTTP Range not supported');
    await setRelayCors(relayCors(origin));

    const opened = await page.evaluate(
      ({ url, size }) => window.harness.openDisc(url, size, 'DICOM/S0001/IM0003'),
      { url, size: disc.length },
    );
    expect(opened.error).toBeUndefined();
    expect(opened.entries?.map((entry) => entry.path)).toEqual([
      'DICOM/S0001/IM0001',
      'DICOM/S0001/IM0002',
      'DICOM/S0001/IM0003',
      'DICOM/S0001/IM0004',
      'DICOM/S0002/IM0001',
      'EXPORT/scan.dcm',
    ]);
    expect(opened.entries?.find((entry) => entry.path === 'DICOM/S0002/IM0001')?.size).toBe(large.length);
    expect(Buffer.from(opened.read ?? []).equals(slices[2]!)).toBe(true);
    // Every request was a range; together they are a sliver of the archive.
    expect(opened.requests.every((request) => request.range !== null && request.status === 206)).toBe(true);
    const fetched = opened.requests.reduce((total, request) => total + request.requested, 0);
    const sent = opened.requests.reduce((total, request) => total + request.bytes, 0);
    expect(fetched).toBeLessThan(disc.length / 100);
    console.info(
      `disc: archive ${disc.length} bytes, ${opened.entries?.length} DICOM entries listed and one read with ` +
        `${opened.requests.length} range requests, ${fetched} bytes asked (${((100 * fetched) / disc.length).toFixed(2)} %); ` +
        `the emulator sent ${sent} (Content-Length)`,
    );
    expect(
      pageProblems.filter((problem) => !/Failed to load resource|CORS|Access-Control/i.test(problem)),
    ).toEqual([]);
  }, 60_000);
});

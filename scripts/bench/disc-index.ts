import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  checkArchive,
  EOCD_SEARCH_BYTES,
  locateCentralDirectory,
  parseCentralDirectory,
  type ZipEntry,
} from '../../functions/core/zip-index';
import { readDiscImaging } from '../../functions/services/disc-imaging';
import { makeCtSeries } from '../dicom-series';
import { makeZip } from '../fixtures';

/**
 * The bytes read to index a zipped imaging disc: a 1,000-image CT disc (256 × 256, 16-bit,
 * explicit VR little endian) built in memory, stored or deflated, indexed by readDiscImaging
 * through an in-memory range reader that counts what it returns. `ms` is the indexing alone
 * (header parsing and partial inflation, the median of three runs; no storage latency: each read is one S3 GET in
 * production, `requests` of them, 16 in flight). Run alone: `npx tsx scripts/bench/disc-index.ts`.
 */

/**
 * Adds scanner-like noise (±16 stored values) to a CT slice from makeCtSeries, whose invented
 * pattern is smooth enough to deflate a hundredfold: real CT deflates two- to threefold, and a
 * hundredfold disc would be refused as a zip bomb. The pixel data is the file's last element.
 */
export function withScannerNoise(file: Buffer, rows: number, columns: number, seed: number): Buffer {
  const noisy = Buffer.from(file);
  const start = noisy.length - rows * columns * 2;
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let at = start; at < noisy.length; at += 2) {
    // xorshift32: deterministic, so every run builds the same disc.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const value = noisy.readInt16LE(at) + (state % 33) - 16;
    noisy.writeInt16LE(Math.max(-32768, Math.min(32767, value)), at);
  }
  return noisy;
}

export interface DiscOptions {
  readonly images: number;
  readonly size: number;
  readonly deflate: boolean;
  /** Images per series (a disc holds several series). */
  readonly seriesLength?: number;
  /** Add a real DICOMDIR, written by dcmtk's dcmmkdir (needs /usr/bin/dcmmkdir). */
  readonly dicomdir?: boolean;
}

/** Where dcmtk's dcmmkdir is, when installed. */
export const DCMMKDIR = '/usr/bin/dcmmkdir';

/** A DICOMDIR for these files, written by dcmmkdir in a temporary folder (+I: invent the IDs makeCtSeries leaves out). */
function dicomdirFor(files: readonly { name: string; data: Buffer }[]): Buffer {
  const folder = mkdtempSync(join(tmpdir(), 'disc-index-'));
  try {
    for (const file of files) {
      mkdirSync(join(folder, dirname(file.name)), { recursive: true });
      writeFileSync(join(folder, file.name), file.data);
    }
    execFileSync(DCMMKDIR, ['+I', '--recurse', 'DICOM'], { cwd: folder, stdio: 'ignore' });
    return readFileSync(join(folder, 'DICOMDIR'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A disc export as a ZIP: DICOM/SE<n>/IM<n> per image, plus a README and an autorun like real discs. */
export async function makeDiscArchive(options: DiscOptions): Promise<Buffer> {
  const seriesLength = options.seriesLength ?? 250;
  const study = '1.2.826.0.1.3680043.8.498.18.9';
  const entries: { name: string; data: Buffer; deflate: boolean }[] = [
    {
      name: 'README.TXT',
      data: Buffer.from('Disc exported by an imaging workstation.\r\n'),
      deflate: options.deflate,
    },
    { name: 'AUTORUN.INF', data: Buffer.from('[autorun]\r\nopen=viewer.exe\r\n'), deflate: options.deflate },
  ];
  for (let series = 0; series * seriesLength < options.images; series += 1) {
    const slices = Math.min(seriesLength, options.images - series * seriesLength);
    const files = await makeCtSeries({
      syntax: 'explicit-le',
      slices,
      size: options.size,
      studyInstanceUid: study,
      seriesInstanceUid: `${study}.${series + 1}`,
      seriesNumber: series + 1,
    });
    for (const [slice, file] of files.entries()) {
      entries.push({
        name: `DICOM/SE${series + 1}/IM${slice + 1}`,
        data: withScannerNoise(file, options.size, options.size, series * seriesLength + slice + 1),
        deflate: options.deflate,
      });
    }
  }
  const images = entries.slice(2);
  if (options.dicomdir)
    entries.unshift({ name: 'DICOMDIR', data: dicomdirFor(images), deflate: options.deflate });
  return makeZip(entries);
}

/** The central directory, read as upload-inspection reads it (the tail, then the directory). */
export function directoryOf(zip: Uint8Array): ZipEntry[] {
  const tailStart = Math.max(0, zip.length - EOCD_SEARCH_BYTES);
  const location = locateCentralDirectory(zip.subarray(tailStart), tailStart, zip.length);
  if (location.kind !== 'located') throw new Error('A ZIP64 disc is not expected here.');
  const entries = parseCentralDirectory(
    zip.subarray(location.offset, location.offset + location.size),
    location.entries,
  );
  checkArchive(entries);
  return entries;
}

export interface DiscIndexMeasurement {
  readonly images: number;
  readonly archiveBytes: number;
  readonly bytesRead: number;
  readonly requests: number;
  readonly ms: number;
  readonly dicomdir: boolean;
}

/** Indexes a 1,000-image zipped disc (deflated unless told otherwise) and says what it cost. */
export async function measureDiscIndex(
  options: { deflate?: boolean; dicomdir?: boolean; images?: number; size?: number } = {},
): Promise<DiscIndexMeasurement> {
  const zip = await makeDiscArchive({
    images: options.images ?? 1000,
    size: options.size ?? 256,
    deflate: options.deflate ?? true,
    dicomdir: options.dicomdir ?? false,
  });
  const entries = directoryOf(zip);
  const read = async (offset: number, length: number) =>
    Uint8Array.from(zip.subarray(offset, offset + length));
  // The median of three runs: the machine is shared, and the first run also warms the JIT.
  const runs: { ms: number; disc: Awaited<ReturnType<typeof readDiscImaging>> }[] = [];
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    const disc = await readDiscImaging(read, entries, { archiveSize: zip.length });
    runs.push({ ms: Math.round(performance.now() - started), disc });
  }
  const ms = runs.map((run) => run.ms).sort((a, b) => a - b)[1]!;
  const { disc } = runs[0]!;
  return {
    images: disc.images,
    archiveBytes: zip.length,
    bytesRead: disc.bytesRead,
    requests: disc.requests,
    ms,
    dicomdir: disc.dicomdir,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const variants = [
    { deflate: false, dicomdir: false },
    { deflate: true, dicomdir: false },
    ...(existsSync(DCMMKDIR) ? [{ deflate: true, dicomdir: true }] : []),
  ];
  for (const variant of variants) {
    const measured = await measureDiscIndex(variant);
    const name = `${variant.deflate ? 'deflated' : 'stored'}${measured.dicomdir ? '-dicomdir' : ''}`;
    const percent = ((measured.bytesRead / measured.archiveBytes) * 100).toFixed(2);
    console.log(
      `| disc-index-bytes-read-${name} | ${measured.bytesRead} | B | ` +
        `${measured.images}-image zipped CT disc (256 × 256 16-bit, ${variant.deflate ? 'deflated' : 'stored'}` +
        `${measured.dicomdir ? ', with a dcmmkdir DICOMDIR' : ''}), ${measured.archiveBytes} B archive: ` +
        `${percent} % of it read in ${measured.requests} ranged reads; ${measured.ms} ms to index in memory |`,
    );
  }
}

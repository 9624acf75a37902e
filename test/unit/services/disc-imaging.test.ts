import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { localHeaderAllowance } from '../../../functions/core/disc-images';
import { buildImagingIndex } from '../../../functions/core/imaging-index';
import type { ZipEntry } from '../../../functions/core/zip-index';
import { type RangeReader, readDiscImaging } from '../../../functions/services/disc-imaging';
import { directoryOf, makeDiscArchive } from '../../../scripts/bench/disc-index';
import { makeCtSeries } from '../../../scripts/dicom-series';
import { makeDicom, makeZip, type ZipFixtureEntry } from '../../../scripts/fixtures';

configure({ useWebWorkers: false });

/** The DICOMDIR dcmmkdir wrote for these five images (test/fixtures/disc/README.md). */
const fixtureDicomdir = readFileSync(join(import.meta.dirname, '../../fixtures/disc/DICOMDIR'));
const study = '1.2.826.0.1.3680043.8.498.18.1';

async function fixtureImages(): Promise<{ name: string; data: Buffer }[]> {
  const series = async (number: number, slices: number) =>
    (
      await makeCtSeries({
        syntax: 'explicit-le',
        slices,
        size: 32,
        studyInstanceUid: study,
        seriesInstanceUid: `${study}.${number}`,
        seriesNumber: number,
      })
    ).map((data, slice) => ({ name: `DICOM/SE${number}/IM${slice + 1}`, data }));
  return [...(await series(1, 3)), ...(await series(2, 2))];
}
const images = await fixtureImages();
const uids = [1, 2, 3].map((n) => `${study}.1.${n}`).concat([1, 2].map((n) => `${study}.2.${n}`));

/** An in-memory archive read through ranges, as S3 would serve it, with every read recorded. */
function served(zip: Uint8Array) {
  const reads: { offset: number; length: number }[] = [];
  const read: RangeReader = async (offset, length) => {
    reads.push({ offset, length });
    return Uint8Array.from(zip.subarray(offset, offset + length));
  };
  return { read, reads, entries: directoryOf(zip) };
}

/** The entry a read falls in, and whether it stays within the entry (plus the local-header allowance). */
function readsWithinEntries(
  entries: readonly ZipEntry[],
  reads: readonly { offset: number; length: number }[],
) {
  return reads.every(({ offset, length }) =>
    entries.some(
      (entry) =>
        offset >= entry.localHeaderOffset &&
        offset + length <= entry.localHeaderOffset + localHeaderAllowance(entry) + entry.compressedSize,
    ),
  );
}

const disc = (deflate: boolean, extra: ZipFixtureEntry[] = []) =>
  makeZip([
    { name: 'DICOMDIR', data: fixtureDicomdir, deflate },
    { name: 'README.TXT', data: Buffer.from('Exported by a workstation.\r\n'), deflate },
    { name: 'AUTORUN.INF', data: Buffer.from('[autorun]\r\nopen=VIEWER\\VIEWER.EXE\r\n'), deflate },
    { name: 'VIEWER/VIEWER.EXE', data: Buffer.alloc(4096, 0x4d), deflate },
    ...images.map((image) => ({ ...image, deflate })),
    ...extra,
  ]);

describe('reading the images of a zipped disc', () => {
  for (const deflate of [true, false]) {
    it(`reads every image of a disc with its DICOMDIR (${deflate ? 'deflated' : 'stored'} entries)`, async () => {
      const zip = disc(deflate);
      const { read, reads, entries } = served(zip);
      const result = await readDiscImaging(read, entries);
      expect(result).toMatchObject({
        images: 5,
        dicomdir: true,
        truncated: [],
        unreadable: [],
        duplicates: 0,
        dicomdirMissing: 0,
        dicomdirMismatches: [],
        otherFiles: 3,
        requests: 6,
      });
      expect(result.instances.map((instance) => instance.sopInstanceUid)).toEqual(uids);
      expect(result.instances[0]).toMatchObject({ modality: 'CT', rows: 32, columns: 32, instanceNumber: 1 });
      const index = buildImagingIndex(result.instances);
      expect(index.studies).toHaveLength(1);
      expect(index.studies[0]!.series.map((series) => series.instances)).toEqual([3, 2]);
      // The readme, autorun and viewer are never read; no read strays outside an entry.
      const skipped = entries.filter((entry) => /README|AUTORUN|VIEWER/.test(entry.name));
      expect(reads.some((r) => skipped.some((entry) => r.offset === entry.localHeaderOffset))).toBe(false);
      expect(readsWithinEntries(entries, reads)).toBe(true);
      expect(result.bytesRead).toBe(
        reads.reduce((sum, r) => sum + Math.min(r.length, zip.length - r.offset), 0),
      );
    });
  }

  it('reads a real disc (pydicom’s dicomdirtests: CR, CT, MR) from a subfolder, with its DICOMDIR in three encodings', async () => {
    const root = join(import.meta.dirname, '../../fixtures/disc/pydicom-dicomdirtests');
    const files = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((file) => file.isFile() && /^\d+$/.test(file.name))
      .map((file) => join(file.parentPath, file.name).slice(root.length + 1));
    expect(files).toHaveLength(31);
    for (const variant of ['DICOMDIR', 'DICOMDIR-bigEnd', 'DICOMDIR-implicit']) {
      const zip = makeZip([
        { name: 'PATIENT CD/DICOMDIR', data: readFileSync(join(root, variant)), deflate: true },
        ...files.map((file) => ({
          name: `PATIENT CD/${file}`,
          data: readFileSync(join(root, file)),
          deflate: true,
        })),
      ]);
      const { read, entries } = served(zip);
      const result = await readDiscImaging(read, entries);
      expect(result, variant).toMatchObject({
        images: 31,
        dicomdir: true,
        dicomdirMissing: 0,
        dicomdirMismatches: [],
        unreadable: [],
        truncated: [],
        duplicates: 0,
      });
      const index = buildImagingIndex(result.instances);
      expect(index.studies).toHaveLength(6);
      expect(index.studies.flatMap((study) => study.series)).toHaveLength(13);
      expect(new Set(index.studies.flatMap((study) => study.modalities))).toEqual(
        new Set(['CR', 'CT', 'MR']),
      );
    }
  });

  it('reads a disc zipped by another archiver (zip.js: data descriptors, timestamp extra fields)', async () => {
    const writer = new ZipWriter(new Uint8ArrayWriter());
    for (const [index, image] of images.entries()) {
      await writer.add(image.name, new Uint8ArrayReader(image.data), { level: index % 2 === 0 ? 6 : 0 });
    }
    await writer.add('DICOMDIR', new Uint8ArrayReader(fixtureDicomdir), { level: 6 });
    const zip = await writer.close();
    const { read, entries } = served(zip);
    expect(entries.some((entry) => entry.method === 8) && entries.some((entry) => entry.method === 0)).toBe(
      true,
    );
    const result = await readDiscImaging(read, entries);
    expect(result).toMatchObject({ images: 5, dicomdir: true, unreadable: [], truncated: [] });
    expect(result.instances.map((instance) => instance.sopInstanceUid)).toEqual(uids);
  });

  it('finds a truncated image, a damaged entry, a .dcm that is not DICOM and a duplicate, by entry index only', async () => {
    const whole = makeDicom({ sopInstanceUid: '1.2.3.9', rows: 64, columns: 64 });
    const zip = disc(true, [
      { name: 'EXTRA/CUT.dcm', data: whole.subarray(0, whole.length - 500), deflate: true },
      { name: 'EXTRA/NOTES.dcm', data: Buffer.from('Not an image, despite its name.'), deflate: true },
      { name: 'EXTRA/NOTES', data: Buffer.from('Not an image, and not named one.'), deflate: true },
      { name: 'COPY/IM1', data: images[0]!.data, deflate: true },
      { name: 'EXTRA/BROKEN', data: images[1]!.data, deflate: true },
    ]);
    const { read, entries } = served(zip);
    const at = (name: string) => entries.findIndex((entry) => entry.name === name);
    // Damage the deflate stream of one entry: its first byte now says "reserved block type".
    const broken = entries[at('EXTRA/BROKEN')]!;
    zip[broken.localHeaderOffset + 30 + 'EXTRA/BROKEN'.length] = 0xff;
    const result = await readDiscImaging(read, entries);
    expect(result).toMatchObject({
      images: 6,
      duplicates: 1,
      truncated: [at('EXTRA/CUT.dcm')],
      unreadable: [
        { entry: at('EXTRA/NOTES.dcm'), problem: 'not_dicom' },
        { entry: at('EXTRA/BROKEN'), problem: 'damaged_entry' },
      ],
      otherFiles: 4,
    });
    expect(result.instances).toHaveLength(5);
    expect(JSON.stringify(result)).not.toContain('NOTES');
  });

  it('cross-checks the images against the DICOMDIR: files it lists that are missing, and swapped files', async () => {
    const [first, second, ...rest] = images;
    const zip = makeZip([
      { name: 'DICOMDIR', data: fixtureDicomdir },
      { name: first!.name, data: second!.data },
      { name: second!.name, data: first!.data },
      ...rest.slice(0, -1),
    ]);
    const { read, entries } = served(zip);
    const result = await readDiscImaging(read, entries);
    expect(result).toMatchObject({
      images: 4,
      dicomdir: true,
      dicomdirMissing: 1,
      dicomdirMismatches: [1, 2],
    });
  });

  it('reads images listed in the DICOMDIR whatever their names, and finds images by name when the DICOMDIR is unreadable', async () => {
    // The same DICOMDIR with one file ID patched in place (same length) to a name the skip list would pass over.
    const patched = Buffer.from(fixtureDicomdir);
    const id = patched.indexOf('DICOM\\SE1\\IM1 ', 0, 'latin1');
    expect(id).toBeGreaterThan(0);
    patched.write('DICOM\\SE1\\I.JS', id, 'latin1');
    const renamed = makeZip([
      { name: 'DICOMDIR', data: patched },
      ...images.map((image, index) => (index === 0 ? { name: 'DICOM/SE1/I.JS', data: image.data } : image)),
      { name: 'VIEWER/APP.JS', data: Buffer.from('console.log(1);') },
    ]);
    const listed = served(renamed);
    expect(await readDiscImaging(listed.read, listed.entries)).toMatchObject({
      images: 5,
      dicomdir: true,
      dicomdirMissing: 0,
      otherFiles: 1,
      requests: 6,
    });

    const garbage = makeZip([{ name: 'DICOMDIR', data: Buffer.alloc(300, 7) }, ...images]);
    const { read, entries } = served(garbage);
    expect(await readDiscImaging(read, entries)).toMatchObject({
      images: 5,
      dicomdir: false,
      unreadable: [{ entry: 0, problem: 'dicomdir_unreadable' }],
    });
  });

  for (const deflate of [false, true]) {
    it(`reads further only for a header longer than the first read, never past the entry (${deflate ? 'deflated' : 'stored'})`, async () => {
      const long = withPrivateElement(makeDicom({ sopInstanceUid: '1.2.3.70' }), 100 * 1024);
      const tooLong = withPrivateElement(makeDicom({ sopInstanceUid: '1.2.3.71' }), 1200 * 1024);
      const zip = makeZip([
        { name: 'DICOM/LONG', data: long, deflate },
        { name: 'DICOM/TOOLONG', data: tooLong, deflate },
      ]);
      const { read, reads, entries } = served(zip);
      const result = await readDiscImaging(read, entries);
      expect(result.instances.map((instance) => instance.sopInstanceUid)).toEqual(['1.2.3.70']);
      expect(result.unreadable).toEqual([{ entry: 1, problem: 'header_too_long' }]);
      expect(readsWithinEntries(entries, reads)).toBe(true);
      // 8 KB, then 64 KB, then up to 1 MB: three reads for each.
      expect(result.requests).toBe(6);
    });
  }

  it('inflates further, without reading again, a small deflated entry whose long header compresses away', async () => {
    // 600 KB of zeros in a private element: a few KB deflated, more than the first inflate limit (256 KB).
    const file = withPrivateElement(
      makeDicom({ sopInstanceUid: '1.2.3.72', rows: 16, columns: 16 }),
      600 * 1024,
      0,
    );
    const zip = makeZip([{ name: 'DICOM/ZEROS', data: file, deflate: true }]);
    const { read, entries } = served(zip);
    expect(entries[0]!.compressedSize).toBeLessThan(8 * 1024);
    const result = await readDiscImaging(read, entries);
    expect(result).toMatchObject({ images: 1, unreadable: [], requests: 1 });
  });

  it('reads a small part of a disc of 512 × 512 slices (< 5 %), one read per image', async () => {
    for (const deflate of [false, true]) {
      const zip = await makeDiscArchive({ images: 24, size: 512, deflate, seriesLength: 12 });
      const { read, entries } = served(zip);
      const result = await readDiscImaging(read, entries);
      expect(result).toMatchObject({
        images: 24,
        requests: 24,
        otherFiles: 2,
        unreadable: [],
        truncated: [],
      });
      expect(result.bytesRead / zip.length).toBeLessThan(0.05);
    }
  });

  it('never reads at or past the archive’s end when told its size: an entry placed there is damaged', async () => {
    const zip = makeZip(images);
    const { entries } = served(zip);
    const strict: RangeReader = async (offset, length) => {
      // As S3 does: a range that starts past the end is an error (416), one that runs past it is cut.
      if (offset >= zip.length) throw new Error('InvalidRange');
      return Uint8Array.from(zip.subarray(offset, offset + length));
    };
    const beyond = entries.map((entry, index) =>
      index === 2 ? { ...entry, localHeaderOffset: zip.length + 10 } : entry,
    );
    const result = await readDiscImaging(strict, beyond, { archiveSize: zip.length });
    expect(result).toMatchObject({ images: 4, unreadable: [{ entry: 2, problem: 'damaged_entry' }] });
    await expect(readDiscImaging(strict, beyond)).rejects.toThrow('InvalidRange');
  });

  it('keeps at most `concurrency` reads in flight, and lets a failing store reject the whole call', async () => {
    const zip = await makeDiscArchive({ images: 40, size: 32, deflate: true });
    const { entries } = served(zip);
    let inFlight = 0;
    let most = 0;
    const slow: RangeReader = async (offset, length) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return Uint8Array.from(zip.subarray(offset, offset + length));
    };
    expect((await readDiscImaging(slow, entries, { concurrency: 4 })).images).toBe(40);
    expect(most).toBe(4);
    const failing: RangeReader = async () => {
      throw new Error('storage unavailable');
    };
    await expect(readDiscImaging(failing, entries)).rejects.toThrow('storage unavailable');
  });
});

/** Inserts a private OB element of `length` random bytes (or `fill`) before (0018,0015): a long header. */
function withPrivateElement(file: Buffer, length: number, fill?: number): Buffer {
  const at = file.indexOf(Buffer.from([0x18, 0x00, 0x15, 0x00, 0x43, 0x53]));
  const header = Buffer.alloc(12);
  header.writeUInt16LE(0x0011, 0);
  header.writeUInt16LE(0x1010, 2);
  header.write('OB', 4, 'latin1');
  header.writeUInt32LE(length, 8);
  return Buffer.concat([
    file.subarray(0, at),
    header,
    fill === undefined ? randomBytes(length) : Buffer.alloc(length, fill),
    file.subarray(at),
  ]);
}

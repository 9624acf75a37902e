import { describe, expect, it } from 'vitest';
import {
  checkArchive,
  EOCD_SEARCH_BYTES,
  locateCentralDirectory,
  parseCentralDirectory,
  ZipError,
} from '../../../functions/core/zip-index';
import { ZipInflateCheck } from '../../../functions/core/zip-inflate-check';
import { makeDicom, makeDiscZip } from '../../../scripts/fixtures';
import { makeLyingZipBomb, makeRawZip, zipEntryOf } from '../../../scripts/hostile-fixtures';

/** The directory as the upload processor reads it (tail, then directory), checked. */
function directoryOf(zip: Buffer) {
  const tailStart = Math.max(0, zip.length - EOCD_SEARCH_BYTES);
  const location = locateCentralDirectory(zip.subarray(tailStart), tailStart, zip.length);
  if (location.kind !== 'located') throw new Error('zip64 EOCD not expected');
  const entries = parseCentralDirectory(
    zip.subarray(location.offset, location.offset + location.size),
    location.entries,
  );
  checkArchive(entries);
  return { entries, directoryOffset: location.offset };
}

/** Feeds the archive in chunks of `chunkSize`, as the hashing read delivers it. */
async function inflateCheck(zip: Buffer, chunkSize = 16 * 1024) {
  const { entries, directoryOffset } = directoryOf(zip);
  const check = new ZipInflateCheck(entries, directoryOffset);
  for (let at = 0; at < zip.length; at += chunkSize) await check.push(zip.subarray(at, at + chunkSize));
  return check.finish();
}

const refusal = async (zip: Buffer, chunkSize?: number) => {
  try {
    await inflateCheck(zip, chunkSize);
  } catch (error) {
    if (error instanceof ZipError) return { problem: error.problem, message: error.message };
    throw error;
  }
  return undefined;
};

describe('ZipInflateCheck: archives judged by what they inflate to', () => {
  it('accepts an honest disc export, fed in chunks of any size', async () => {
    const zip = makeDiscZip();
    for (const size of [1, 7, 30, 4096, zip.length]) {
      expect(await inflateCheck(zip, size)).toEqual({
        inflatedBytes: directoryOf(zip).entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0),
      });
    }
  });

  it('refuses, quickly and in bounded memory, 1 MB of deflate that declares 1,000,000 bytes and inflates to 1 GiB', async () => {
    const bomb = await makeLyingZipBomb();
    expect(bomb.length).toBeLessThan(1.1 * 1024 * 1024);
    // The directory alone passes: the declared ratio is about 1.
    expect(() => directoryOf(bomb)).not.toThrow();
    const before = process.memoryUsage();
    let peak = 0;
    const sample = setInterval(() => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers);
    }, 1);
    const started = performance.now();
    const refused = await refusal(bomb, 64 * 1024);
    const elapsed = performance.now() - started;
    clearInterval(sample);
    expect(refused).toEqual({
      problem: 'zip_bomb',
      message: 'The ZIP file expands beyond what it declares (a zip bomb) and was refused.',
    });
    // Stopped at the first output past 1,000,000 bytes, not after inflating 1 GiB.
    expect(elapsed).toBeLessThan(2_000);
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  }, 30_000);

  it('refuses a stored entry longer than it declares', async () => {
    const data = Buffer.alloc(5000, 7);
    const entry = zipEntryOf('DICOM/IM1.dcm', data, 0);
    expect(await refusal(makeRawZip([{ ...entry, uncompressedSize: 4000 }]))).toMatchObject({
      problem: 'damaged',
    });
  });

  it('refuses an entry that inflates to less than it declares (truncated or crafted)', async () => {
    const entry = zipEntryOf('DICOM/IM1.dcm', makeDicom());
    expect(await refusal(makeRawZip([{ ...entry, uncompressedSize: entry.uncompressedSize + 100 }]))).toEqual(
      {
        problem: 'damaged',
        message: 'The ZIP file is damaged: an entry is shorter than its directory says.',
      },
    );
  });

  it('refuses an entry whose CRC-32 is wrong', async () => {
    const entry = zipEntryOf('DICOM/IM1.dcm', makeDicom());
    expect(await refusal(makeRawZip([{ ...entry, crc32: (entry.crc32 ^ 1) >>> 0 }]))).toEqual({
      problem: 'damaged',
      message: 'The ZIP file is damaged: an entry’s checksum (CRC-32) is wrong.',
    });
  });

  it('accepts data descriptors and ZIP64 sizes, cross-checked against the directory', async () => {
    const dicom = makeDicom();
    for (const variant of [
      { dataDescriptor: true },
      { zip64: true },
      { zip64: true, dataDescriptor: true },
    ]) {
      const zip = makeRawZip([
        { ...zipEntryOf('DICOM/IM1.dcm', dicom), ...variant },
        { ...zipEntryOf('DICOM/IM2.dcm', dicom, 0), ...variant },
      ]);
      expect(await inflateCheck(zip, 100)).toEqual({ inflatedBytes: 2 * dicom.length });
    }
  });

  it('refuses a ZIP64 entry that inflates past its 64-bit declared size', async () => {
    const entry = zipEntryOf('DICOM/IM1.dcm', makeDicom());
    expect(
      await refusal(makeRawZip([{ ...entry, zip64: true, uncompressedSize: entry.uncompressedSize - 1 }])),
    ).toMatchObject({ problem: 'zip_bomb' });
  });

  it('refuses overlapping entries (two directory entries over the same bytes)', async () => {
    const entry = zipEntryOf('DICOM/IM1.dcm', makeDicom());
    const zip = makeRawZip([entry, { ...entry, name: 'DICOM/IM2.dcm', sameOffsetAs: 0 }]);
    expect(await refusal(zip)).toMatchObject({ problem: 'zip_bomb' });
  });

  it('refuses bytes hidden between entries and an archive cut short', async () => {
    const dicom = makeDicom();
    const zip = makeRawZip([zipEntryOf('DICOM/IM1.dcm', dicom)]);
    const { entries, directoryOffset } = directoryOf(zip);
    const check = new ZipInflateCheck(entries, directoryOffset);
    await check.push(zip.subarray(0, 100));
    await expect(check.finish()).rejects.toMatchObject({ problem: 'damaged' });

    // 40 bytes the directory skips over, between the two entries.
    const first = zipEntryOf('DICOM/IM1.dcm', dicom);
    const honest = makeRawZip([first, zipEntryOf('DICOM/IM2.dcm', dicom)]);
    const firstEnd = 30 + 'DICOM/IM1.dcm'.length + first.body.length;
    const tampered = Buffer.concat([
      honest.subarray(0, firstEnd),
      Buffer.alloc(40),
      honest.subarray(firstEnd),
    ]);
    const eocd = tampered.length - 22;
    const directoryAt = tampered.readUInt32LE(eocd + 16) + 40;
    tampered.writeUInt32LE(directoryAt, eocd + 16);
    const secondCentral = directoryAt + 46 + 'DICOM/IM1.dcm'.length;
    tampered.writeUInt32LE(tampered.readUInt32LE(secondCentral + 42) + 40, secondCentral + 42);
    expect(await refusal(tampered)).toEqual({
      problem: 'damaged',
      message: 'The ZIP file is damaged: it holds data outside its entries.',
    });
  });
});

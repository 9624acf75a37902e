import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkArchive,
  EOCD_SEARCH_BYTES,
  locateCentralDirectory,
  parseCentralDirectory,
  ZipError,
} from '../../../functions/core/zip-index';
import { makeDicom, makeDiscZip, makeZip, type ZipFixtureEntry } from '../../../scripts/fixtures';

/** Indexes a ZIP the way the upload processor does: only its tail and its directory. */
function index(zip: Buffer) {
  const tailStart = Math.max(0, zip.length - EOCD_SEARCH_BYTES);
  const location = locateCentralDirectory(zip.subarray(tailStart), tailStart, zip.length);
  if (location.kind !== 'located') throw new Error('zip64 fixture not expected');
  return checkArchive(
    parseCentralDirectory(zip.subarray(location.offset, location.offset + location.size), location.entries),
  );
}

const problemOf = (entries: ZipFixtureEntry[] | Buffer) => {
  try {
    index(Buffer.isBuffer(entries) ? entries : makeZip(entries));
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(ZipError);
    return (error as ZipError).problem;
  }
};

describe('ZIP disc exports', () => {
  it('indexes a disc export from its central directory', () => {
    expect(index(makeDiscZip())).toEqual({
      entries: 3,
      dicomFiles: 2,
      hasDicomdir: true,
      uncompressedBytes: expect.any(Number),
    });
  });

  it.each([
    [
      'a zip bomb',
      [{ name: 'DICOM/IM1.dcm', data: Buffer.alloc(20 * 1024 * 1024), deflate: true }],
      'zip_bomb',
    ],
    ['path traversal', [{ name: '../../etc/cron.d/x.dcm', data: makeDicom() }], 'path_traversal'],
    ['an absolute path', [{ name: '/etc/passwd.dcm', data: makeDicom() }], 'path_traversal'],
    ['a backslash path', [{ name: '..\\windows\\x.dcm', data: makeDicom() }], 'path_traversal'],
    [
      'a symbolic link',
      [{ name: 'DICOM/IM1.dcm', data: Buffer.from('/etc/shadow'), unixMode: 0o120777 }],
      'link',
    ],
    ['an encrypted entry', [{ name: 'DICOM/IM1.dcm', data: makeDicom(), encrypted: true }], 'encrypted'],
    ['no DICOM at all', [{ name: 'photos/holiday.jpg', data: Buffer.alloc(10) }], 'no_dicom'],
  ] as const)('refuses %s', (_, entries, problem) => {
    expect(problemOf([...entries])).toBe(problem);
  });

  it('refuses a truncated archive', () => {
    const zip = makeDiscZip();
    expect(problemOf(zip.subarray(0, zip.length - 10))).toBe('damaged');
  });

  it('refuses an archive claiming more entries than a disc holds', () => {
    const zip = makeDiscZip();
    const forged = Buffer.from(zip);
    forged.writeUInt16LE(30_000, forged.length - 12);
    forged.writeUInt16LE(30_000, forged.length - 14);
    expect(problemOf(forged)).toBe('too_many_entries');
  });

  it('never crashes on arbitrary bytes: it indexes or throws ZipError', () => {
    const valid = makeDiscZip();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }),
        (edits) => {
          const copy = Buffer.from(valid);
          for (const [offset, value] of edits) copy[offset] = value;
          try {
            index(copy);
          } catch (error) {
            if (!(error instanceof ZipError)) throw error;
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

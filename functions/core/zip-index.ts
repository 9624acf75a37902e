import { TextDecoder } from 'node:util';

/**
 * Indexes a ZIP export of an imaging disc from its end: the end-of-central-directory record
 * and the central directory, read with ranged requests, never the file data. It refuses what
 * would be dangerous to unpack later: zip bombs, path traversal, links, encrypted entries.
 */
export type ZipProblem =
  | 'damaged'
  | 'too_many_entries'
  | 'zip_bomb'
  | 'path_traversal'
  | 'link'
  | 'encrypted'
  | 'unsupported_compression'
  | 'no_dicom';

export class ZipError extends Error {
  constructor(
    readonly problem: ZipProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export const ZIP_LIMITS = {
  /** A CT or MRI disc holds thousands of files; far more is not a disc. */
  maxEntries: 20_000,
  maxUncompressedBytes: 20 * 1024 ** 3,
  /** DICOM compresses a few times at most; zeros compress a thousandfold. */
  maxEntryRatio: 100,
  maxOverallRatio: 50,
  /** Ratios are not judged on tiny entries, where headers dominate. */
  ratioFloorBytes: 1024 * 1024,
  maxCentralDirectoryBytes: 16 * 1024 * 1024,
} as const;

/** How many trailing bytes hold the EOCD record whatever its comment (22 + 65,535). */
export const EOCD_SEARCH_BYTES = 22 + 0xffff;

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;

export type DirectoryLocation =
  | { readonly kind: 'located'; readonly offset: number; readonly size: number; readonly entries: number }
  | { readonly kind: 'zip64'; readonly recordOffset: number };

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Finds the central directory from the file's last bytes (`tail` starts at `tailStart`). */
export function locateCentralDirectory(
  tail: Uint8Array,
  tailStart: number,
  fileSize: number,
): DirectoryLocation {
  const data = view(tail);
  for (let at = tail.length - 22; at >= 0; at -= 1) {
    if (data.getUint32(at, true) !== EOCD_SIGNATURE) continue;
    const commentLength = data.getUint16(at + 20, true);
    if (at + 22 + commentLength !== tail.length) continue; // a signature inside the comment
    const entries = data.getUint16(at + 10, true);
    const size = data.getUint32(at + 12, true);
    const offset = data.getUint32(at + 16, true);
    if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      const locator = at - 20;
      if (locator < 0 || data.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) {
        throw new ZipError(
          'damaged',
          'The ZIP file is damaged: its large-archive (ZIP64) record is missing.',
        );
      }
      return { kind: 'zip64', recordOffset: Number(data.getBigUint64(locator + 8, true)) };
    }
    if (offset + size > tailStart + at || offset + size > fileSize) {
      throw new ZipError('damaged', 'The ZIP file is damaged: its directory points outside the file.');
    }
    return { kind: 'located', offset, size, entries };
  }
  throw new ZipError('damaged', 'The ZIP file is damaged or incomplete: its directory is missing.');
}

/** Reads the ZIP64 end-of-central-directory record (56 bytes at `recordOffset`). */
export function readZip64Record(
  record: Uint8Array,
  fileSize: number,
): DirectoryLocation & { kind: 'located' } {
  const data = view(record);
  if (record.length < 56 || data.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) {
    throw new ZipError(
      'damaged',
      'The ZIP file is damaged: its large-archive (ZIP64) record cannot be read.',
    );
  }
  const entries = Number(data.getBigUint64(32, true));
  const size = Number(data.getBigUint64(40, true));
  const offset = Number(data.getBigUint64(48, true));
  if (offset + size > fileSize)
    throw new ZipError('damaged', 'The ZIP file is damaged: its directory points outside the file.');
  return { kind: 'located', offset, size, entries };
}

export interface ZipEntry {
  readonly name: string;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly method: number;
  /** CRC-32 of the uncompressed bytes, and where the entry's local header starts. */
  readonly crc32: number;
  readonly localHeaderOffset: number;
  readonly encrypted: boolean;
  readonly isDirectory: boolean;
  readonly isLink: boolean;
}

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  return new TextDecoder(utf8 ? 'utf-8' : 'latin1').decode(bytes);
}

/** Parses the central directory. Sizes from the ZIP64 extra field replace 0xFFFFFFFF values. */
export function parseCentralDirectory(directory: Uint8Array, expectedEntries: number): ZipEntry[] {
  if (expectedEntries > ZIP_LIMITS.maxEntries) {
    throw new ZipError(
      'too_many_entries',
      `The ZIP file has ${expectedEntries} entries; an imaging disc export has at most ${ZIP_LIMITS.maxEntries}.`,
    );
  }
  const data = view(directory);
  const entries: ZipEntry[] = [];
  let at = 0;
  while (entries.length < expectedEntries) {
    if (at + 46 > directory.length || data.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw new ZipError('damaged', 'The ZIP file is damaged: its directory is cut short.');
    }
    const versionMadeBy = data.getUint16(at + 4, true);
    const flags = data.getUint16(at + 8, true);
    const method = data.getUint16(at + 10, true);
    let compressedSize = data.getUint32(at + 20, true);
    let uncompressedSize = data.getUint32(at + 24, true);
    let localHeaderOffset = data.getUint32(at + 42, true);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    const externalAttributes = data.getUint32(at + 38, true);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length)
      throw new ZipError('damaged', 'The ZIP file is damaged: its directory is cut short.');
    const name = decodeName(directory.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
    // ZIP64 extended information: the 64-bit sizes, in order, for the fields that overflowed.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = data.getUint16(extra, true);
      const length = data.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let field = extra + 4;
        if (uncompressedSize === 0xffffffff && field + 8 <= extra + 4 + length) {
          uncompressedSize = Number(data.getBigUint64(field, true));
          field += 8;
        }
        if (compressedSize === 0xffffffff && field + 8 <= extra + 4 + length) {
          compressedSize = Number(data.getBigUint64(field, true));
          field += 8;
        }
        if (localHeaderOffset === 0xffffffff && field + 8 <= extra + 4 + length) {
          localHeaderOffset = Number(data.getBigUint64(field, true));
        }
      }
      extra += 4 + length;
    }
    const unixMode = versionMadeBy >> 8 === 3 ? externalAttributes >>> 16 : 0;
    entries.push({
      name,
      compressedSize,
      uncompressedSize,
      method,
      crc32: data.getUint32(at + 16, true),
      localHeaderOffset,
      encrypted: (flags & 0x1) !== 0,
      isDirectory: name.endsWith('/'),
      isLink: (unixMode & 0o170000) === 0o120000,
    });
    at = end;
  }
  return entries;
}

const isDicomName = (name: string) => {
  const base = name.split('/').pop() ?? '';
  return (
    /\.dcm$/i.test(base) || /^DICOMDIR$/i.test(base) || (/(^|\/)DICOM\//i.test(name) && !base.includes('.'))
  );
};

export interface ArchiveSummary {
  readonly entries: number;
  readonly dicomFiles: number;
  readonly hasDicomdir: boolean;
  readonly uncompressedBytes: number;
}

/** Refuses what would be dangerous to unpack and what is not an imaging disc. */
export function checkArchive(entries: readonly ZipEntry[]): ArchiveSummary {
  let total = 0;
  let compressedTotal = 0;
  for (const entry of entries) {
    const segments = entry.name.split('/');
    if (
      entry.name.startsWith('/') ||
      entry.name.includes('\\') ||
      /^[A-Za-z]:/.test(entry.name) ||
      segments.includes('..') ||
      entry.name.includes('\0')
    ) {
      throw new ZipError('path_traversal', 'The ZIP file contains a path that points outside its folder.');
    }
    if (entry.isLink)
      throw new ZipError('link', 'The ZIP file contains a link; disc exports contain only files.');
    if (entry.encrypted)
      throw new ZipError(
        'encrypted',
        'The ZIP file is password-protected; please send it without a password.',
      );
    if (entry.method !== 0 && entry.method !== 8 && !entry.isDirectory) {
      throw new ZipError(
        'unsupported_compression',
        'The ZIP file uses a compression method other than deflate.',
      );
    }
    if (
      entry.uncompressedSize > ZIP_LIMITS.ratioFloorBytes &&
      entry.uncompressedSize > ZIP_LIMITS.maxEntryRatio * Math.max(1, entry.compressedSize)
    ) {
      throw new ZipError(
        'zip_bomb',
        'The ZIP file expands far beyond its size (a zip bomb) and was refused.',
      );
    }
    total += entry.uncompressedSize;
    compressedTotal += entry.compressedSize;
  }
  if (
    total > ZIP_LIMITS.maxUncompressedBytes ||
    (total > ZIP_LIMITS.ratioFloorBytes && total > ZIP_LIMITS.maxOverallRatio * Math.max(1, compressedTotal))
  ) {
    throw new ZipError('zip_bomb', 'The ZIP file expands far beyond its size (a zip bomb) and was refused.');
  }
  const files = entries.filter((entry) => !entry.isDirectory);
  const dicomFiles = files.filter(
    (entry) => isDicomName(entry.name) && !/(^|\/)DICOMDIR$/i.test(entry.name),
  ).length;
  const hasDicomdir = files.some((entry) => /(^|\/)DICOMDIR$/i.test(entry.name));
  if (dicomFiles === 0 && !hasDicomdir) {
    throw new ZipError(
      'no_dicom',
      'The ZIP file holds no DICOM images; export the disc with its DICOM folder.',
    );
  }
  return { entries: files.length, dicomFiles, hasDicomdir, uncompressedBytes: total };
}

import { constants, inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { DicomError, type DicomProblem, type DicomSummary, readDicomHeader } from './dicom';
import type { ZipEntry } from './zip-index';

/**
 * The pure half of reading the DICOM headers inside a zipped disc export without unpacking it:
 * which entries may be images, the local file header in front of each entry's data, a partial
 * inflate of a deflated entry's first bytes, the disc's DICOMDIR, the verdict on each header and
 * the disc's summary. The reads themselves are in services/disc-imaging.ts.
 */

/** Why an entry that should be an image gave no summary. Entry indexes only: names can be PHI. */
export type DiscImageProblem =
  | Exclude<DicomProblem, 'truncated' | 'not_part10' | 'dicomdir_only'>
  /** Its local header, compressed data or sizes disagree with the central directory. */
  | 'damaged_entry'
  /** Encrypted, or compressed with a method other than stored or deflate. */
  | 'unsupported_entry'
  /** Listed in the DICOMDIR or named `.dcm`, yet not a DICOM file. */
  | 'not_dicom'
  /** The DICOMDIR itself: too large, damaged or not a DICOMDIR; images are then found by name. */
  | 'dicomdir_unreadable';

export class DiscEntryError extends Error {
  constructor(
    readonly problem: DiscImageProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DiscEntryError';
  }
}

const damaged = () => new DiscEntryError('damaged_entry', 'A disc entry is damaged.');

// --- Local file headers. ---

export const LOCAL_HEADER_BYTES = 30;
const LOCAL_SIGNATURE = 0x04034b50;
/**
 * Bytes read past the name for the local extra field in the same request. The local extra field
 * may differ from the central one (timestamps, Unix ids, ZIP64 sizes: well under 128 bytes in
 * the archivers seen); a longer one costs one more read, never a wrong offset.
 */
export const LOCAL_EXTRA_ALLOWANCE = 128;

/** How many bytes to read at an entry's local header to get its header and its data's start. */
export function localHeaderAllowance(entry: ZipEntry): number {
  // The UTF-8 length is never shorter than the stored name (ZipEntry.name was decoded as UTF-8 or latin1).
  return LOCAL_HEADER_BYTES + Buffer.byteLength(entry.name, 'utf8') + LOCAL_EXTRA_ALLOWANCE;
}

/**
 * Where the entry's data starts, counted from its local header, from the header's first 30 bytes.
 * The sizes are the central directory's (a local header may defer them to a data descriptor).
 */
export function localDataOffset(header: Uint8Array, entry: ZipEntry): number {
  if (header.length < LOCAL_HEADER_BYTES) throw damaged();
  const data = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (data.getUint32(0, true) !== LOCAL_SIGNATURE) throw damaged();
  if ((data.getUint16(6, true) & 0x1) !== 0 || entry.encrypted) {
    throw new DiscEntryError('unsupported_entry', 'A disc entry is encrypted.');
  }
  if (data.getUint16(8, true) !== entry.method) throw damaged();
  return LOCAL_HEADER_BYTES + data.getUint16(26, true) + data.getUint16(28, true);
}

// --- Deflated entries. ---

/** Bisection steps after a too-large output: the head then falls short of the limit by < 1/4096 of the input. */
const FIT_STEPS = 12;

/**
 * Inflates the start of a raw deflate stream from a prefix of it: as many bytes as the prefix
 * yields, at most about `limit` (Z_SYNC_FLUSH: a stream cut short is not an error). Node refuses
 * an output past the limit rather than cutting it, so the input is bisected to the longest
 * prefix whose output fits: the first bytes are the same whatever the input's length, and memory
 * stays within the limit however compressible the entry (a blank slice inflates a thousandfold).
 * `cut` says the output stopped at the limit, not at the end of the input.
 */
export function inflatePrefix(compressed: Uint8Array, limit: number): { bytes: Uint8Array; cut: boolean } {
  const inflate = (length: number) => {
    try {
      return inflateRawSync(compressed.subarray(0, length), {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: Math.max(1, limit),
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
      throw damaged();
    }
  };
  const whole = inflate(compressed.length);
  if (whole) return { bytes: whole, cut: false };
  let fits = 0;
  let tooLarge = compressed.length;
  let best: Uint8Array = new Uint8Array();
  for (let step = 0; step < FIT_STEPS && tooLarge - fits > 1; step += 1) {
    const middle = Math.floor((fits + tooLarge) / 2);
    const bytes = inflate(middle);
    if (bytes) {
      fits = middle;
      best = bytes;
    } else tooLarge = middle;
  }
  return { bytes: best, cut: true };
}

// --- Which entries may be images. ---

/**
 * How much of an entry is read for its header, and the most a deflated prefix may inflate to.
 * The stages after the first are the loose-file policy (64 KB, then 1 MB); most headers are a
 * few KB, so the first read is small.
 */
export const HEADER_STAGES = [
  { read: 8 * 1024, inflateLimit: 256 * 1024 },
  { read: 64 * 1024, inflateLimit: 1024 * 1024 },
  { read: 1024 * 1024, inflateLimit: 1024 * 1024 },
] as const;

/** A DICOMDIR larger than this is not read: about 500 bytes a record, so room for the 20,000 entries a ZIP may hold. */
export const MAX_DICOMDIR_BYTES = 16 * 1024 * 1024;

const baseName = (name: string) => name.split('/').pop() ?? '';

export const isDicomdirName = (name: string) => /^DICOMDIR$/i.test(baseName(name));

/** What a disc carries besides images: its viewer, autorun, web pages, reports, thumbnails. */
const NOT_DICOM_EXTENSIONS = new Set(
  (
    'txt htm html xhtml xml xsl xsd css js mjs json exe dll ocx sys com bat cmd msi cab lnk ini inf cfg ' +
    'config manifest log chm hlp jar class so dylib plist pdf doc docx rtf jpg jpeg png gif bmp ico tif ' +
    'tiff svg ttf otf woff woff2 eot zip rar 7z iso mp4 avi wmv mov mp3 wav sh ps1 md csv xls xlsx'
  ).split(' '),
);

/** False for what is plainly not an image: folders, empty files, the DICOMDIR, known other formats. */
export function mayBeImage(entry: ZipEntry): boolean {
  if (entry.isDirectory || entry.isLink || entry.uncompressedSize === 0) return false;
  const base = baseName(entry.name);
  if (isDicomdirName(entry.name)) return false;
  // macOS resource forks and folder files, Windows thumbnails, autorun.
  if (base.startsWith('._') || /(^|\/)__MACOSX\//.test(entry.name)) return false;
  if (/^(\.DS_Store|Thumbs\.db|autorun\.inf|desktop\.ini)$/i.test(base)) return false;
  const dot = base.lastIndexOf('.');
  return dot <= 0 || !NOT_DICOM_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

const namedDicom = (entry: ZipEntry) => /\.(dcm|dicom)$/i.test(entry.name);

// --- The DICOMDIR. ---

/** One directory record that references a file: which file, and which instance it holds. */
export interface DicomdirRecord {
  /** The Referenced File ID's components joined with `/`, relative to the DICOMDIR's folder. */
  readonly fileId: string;
  readonly recordType?: string;
  readonly sopInstanceUid?: string;
}

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const unreadableDicomdir = () =>
  new DiscEntryError('dicomdir_unreadable', 'The disc’s DICOMDIR cannot be read.');

/**
 * Reads the file-referencing records of a DICOMDIR (PS3.10 basic directory): every item of the
 * Directory Record Sequence (0004,1220) with a Referenced File ID (0004,1500). The hierarchy
 * (patient, study, series) is not needed: each image's own header gives its UIDs.
 */
export function readDicomdir(bytes: Uint8Array): DicomdirRecord[] {
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes);
  } catch {
    throw unreadableDicomdir();
  }
  const text = (set: dicomParser.DataSet, tag: string) => {
    try {
      return (
        set
          .string(tag)
          ?.replace(/[\0 ]+$/g, '')
          .trim() || undefined
      );
    } catch {
      return undefined;
    }
  };
  if (text(dataSet, 'x00020002') !== DICOMDIR_SOP_CLASS) throw unreadableDicomdir();
  const records: DicomdirRecord[] = [];
  for (const item of dataSet.elements.x00041220?.items ?? []) {
    const record = item.dataSet;
    if (!record) continue;
    const fileId = text(record, 'x00041500');
    if (!fileId) continue;
    const recordType = text(record, 'x00041430');
    const sopInstanceUid = text(record, 'x00041511');
    records.push({
      fileId: fileId
        .split('\\')
        .map((part) => part.trim())
        .filter(Boolean)
        .join('/'),
      ...(recordType ? { recordType } : {}),
      ...(sopInstanceUid ? { sopInstanceUid } : {}),
    });
  }
  return records;
}

/** Names compared as a disc's ISO 9660 file IDs: case-insensitive, no `;1` version, no trailing dot. */
const comparable = (name: string) =>
  name
    .split('/')
    .map((part) => part.replace(/;\d+$/, '').replace(/\.$/, '').toUpperCase())
    .join('/');

export interface DicomdirReferences {
  /** Entry index → the record that references it. */
  readonly byEntry: ReadonlyMap<number, DicomdirRecord>;
  /** Records whose file the archive does not hold: a disc zipped in part. */
  readonly missing: number;
}

/** Resolves each record's file ID, relative to its DICOMDIR's folder, to an entry of the archive. */
export function resolveDicomdir(
  entries: readonly ZipEntry[],
  dicomdirs: readonly { readonly entry: number; readonly records: readonly DicomdirRecord[] }[],
): DicomdirReferences {
  const byName = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!entry.isDirectory) byName.set(comparable(entry.name), index);
  });
  const byEntry = new Map<number, DicomdirRecord>();
  let missing = 0;
  for (const { entry, records } of dicomdirs) {
    const name = entries[entry]?.name ?? '';
    const folder = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
    for (const record of records) {
      const index = byName.get(comparable(folder + record.fileId));
      if (index === undefined) missing += 1;
      else if (!byEntry.has(index)) byEntry.set(index, record);
    }
  }
  return { byEntry, missing };
}

// --- The verdict on one entry's first bytes. ---

export type HeaderVerdict =
  | { readonly kind: 'image'; readonly summary: DicomSummary }
  | { readonly kind: 'more' }
  | { readonly kind: 'truncated' }
  | { readonly kind: 'problem'; readonly problem: DiscImageProblem }
  | { readonly kind: 'not_image' };

export interface HeadFacts {
  /** The head is the entry's whole content (every compressed byte, inflated without a cut). */
  readonly whole: boolean;
  /** No later stage can give a longer head. */
  readonly last: boolean;
  /** The entry must be an image: the DICOMDIR lists it, or its name says DICOM. */
  readonly expected: boolean;
}

/**
 * Judges an entry from its first bytes (inflated when deflated), checked against its real,
 * uncompressed size as a loose file is: an image, a truncated image, a header that needs more
 * bytes, a problem, or a file that is not an image at all.
 */
export function judgeHeader(head: Uint8Array, uncompressedSize: number, facts: HeadFacts): HeaderVerdict {
  try {
    return { kind: 'image', summary: readDicomHeader(head, uncompressedSize) };
  } catch (error) {
    if (!(error instanceof DicomError)) return { kind: 'problem', problem: 'unreadable_header' };
    switch (error.problem) {
      case 'header_too_long':
        // Whole yet shorter than its declared size: the entry inflates short (a damaged archive).
        if (facts.whole) return { kind: 'problem', problem: 'damaged_entry' };
        return facts.last ? { kind: 'problem', problem: 'header_too_long' } : { kind: 'more' };
      case 'truncated':
        return { kind: 'truncated' };
      case 'not_part10':
        return facts.expected ? { kind: 'problem', problem: 'not_dicom' } : { kind: 'not_image' };
      case 'dicomdir_only':
        return { kind: 'not_image' };
      default:
        return { kind: 'problem', problem: error.problem };
    }
  }
}

/** Whether a failure to read this entry is a problem (true) or just a file that is not an image. */
export const expectedImage = (entry: ZipEntry, listed: boolean) => listed || namedDicom(entry);

// --- The disc's summary. ---

export interface UnreadableImage {
  readonly entry: number;
  readonly problem: DiscImageProblem;
}

export interface DiscImaging {
  /** Entries read as DICOM images (truncated ones not included; duplicates included). */
  readonly images: number;
  /** A DICOMDIR was found, read, and used to find and cross-check the images. */
  readonly dicomdir: boolean;
  /** One per distinct SOP Instance UID, the first in directory order: for the index, identity, duplicates. */
  readonly instances: readonly DicomSummary[];
  /** Central-directory indexes of truncated images (never names: names can be PHI). */
  readonly truncated: readonly number[];
  /** Entries that should be images but could not be read, and why. */
  readonly unreadable: readonly UnreadableImage[];
  /** Images whose SOP Instance UID repeats an earlier one within the disc. */
  readonly duplicates: number;
  /** Files the DICOMDIR lists that the archive does not hold. */
  readonly dicomdirMissing: number;
  /** Entries whose SOP Instance UID differs from the one the DICOMDIR records for them. */
  readonly dicomdirMismatches: readonly number[];
  /** Entries that are not images: skipped by name, or read and found not DICOM. */
  readonly otherFiles: number;
  /** Bytes returned through the reader, and how many reads. */
  readonly bytesRead: number;
  readonly requests: number;
}

export interface EntryOutcome {
  readonly entry: number;
  readonly verdict: Exclude<HeaderVerdict, { kind: 'more' }>;
  /** The SOP Instance UID the DICOMDIR records for this entry. */
  readonly listedSopInstanceUid?: string;
}

/** Aggregates the per-entry outcomes (in any order) into the disc's summary, in directory order. */
export function summarizeDisc(
  outcomes: readonly EntryOutcome[],
  disc: Pick<DiscImaging, 'dicomdir' | 'dicomdirMissing' | 'bytesRead' | 'requests'> & {
    readonly skipped: number;
    readonly unreadableDicomdirs: readonly number[];
  },
): DiscImaging {
  const instances: DicomSummary[] = [];
  const seen = new Set<string>();
  const truncated: number[] = [];
  const unreadable: UnreadableImage[] = disc.unreadableDicomdirs.map((entry) => ({
    entry,
    problem: 'dicomdir_unreadable',
  }));
  const dicomdirMismatches: number[] = [];
  let images = 0;
  let duplicates = 0;
  let otherFiles = disc.skipped;
  for (const { entry, verdict, listedSopInstanceUid } of [...outcomes].sort((a, b) => a.entry - b.entry)) {
    switch (verdict.kind) {
      case 'image': {
        images += 1;
        const uid = verdict.summary.sopInstanceUid;
        if (listedSopInstanceUid && listedSopInstanceUid !== uid) dicomdirMismatches.push(entry);
        if (seen.has(uid)) duplicates += 1;
        else {
          seen.add(uid);
          instances.push(verdict.summary);
        }
        break;
      }
      case 'truncated':
        truncated.push(entry);
        break;
      case 'problem':
        unreadable.push({ entry, problem: verdict.problem });
        break;
      case 'not_image':
        otherFiles += 1;
        break;
    }
  }
  unreadable.sort((a, b) => a.entry - b.entry);
  return {
    images,
    dicomdir: disc.dicomdir,
    instances,
    truncated,
    unreadable,
    duplicates,
    dicomdirMissing: disc.dicomdirMissing,
    dicomdirMismatches,
    otherFiles,
    bytesRead: disc.bytesRead,
    requests: disc.requests,
  };
}

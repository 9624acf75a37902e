import { inflateRawSync } from 'node:zlib';
import { mapBounded } from '../core/bounded-map';
import {
  type DicomdirRecord,
  DiscEntryError,
  type DiscImaging,
  type EntryOutcome,
  expectedImage,
  HEADER_STAGES,
  type HeaderVerdict,
  inflatePrefix,
  isDicomdirName,
  judgeHeader,
  localDataOffset,
  localHeaderAllowance,
  MAX_DICOMDIR_BYTES,
  mayBeImage,
  readDicomdir,
  resolveDicomdir,
  summarizeDisc,
} from '../core/disc-images';
import type { ZipEntry } from '../core/zip-index';

export type { DiscImageProblem, DiscImaging, UnreadableImage } from '../core/disc-images';

/** Reads `length` bytes of the archive at `offset` (an S3 ranged GET in production). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

export interface DiscReadOptions {
  /** Ranged reads in flight at once (default 16). */
  readonly concurrency?: number;
  /** The archive's real size: no read starts at or runs past it. */
  readonly archiveSize?: number;
}

/** Ranged reads in flight at once: enough to hide S3's latency, few enough for one Lambda. */
export const DEFAULT_CONCURRENCY = 16;

/**
 * Reads the DICOM header of every image inside a zipped disc export, from its central directory
 * (`entries`, already judged by checkArchive) and ranged reads of the archive: the DICOMDIR whole
 * when there is one, then each image's local header and first bytes, more only when its header
 * needs them, never past the entry. Deflated entries are inflated from their first bytes. Each
 * image gets the loose-file checks (readDicomHeader against its uncompressed size). One bad entry
 * is classified, never thrown; a failing read (the store, not the archive) rejects the whole call.
 */
export async function readDiscImaging(
  read: RangeReader,
  entries: readonly ZipEntry[],
  options: DiscReadOptions = {},
): Promise<DiscImaging> {
  let bytesRead = 0;
  let requests = 0;
  const counted: RangeReader = async (offset, requested) => {
    // A directory that points past the end is the archive's fault: no read there (S3 would
    // answer 416, an error of the store's, not a verdict on the entry).
    const length =
      options.archiveSize === undefined ? requested : Math.min(requested, options.archiveSize - offset);
    if (length <= 0) return new Uint8Array();
    const bytes = await read(offset, length);
    requests += 1;
    // A store that ignores the range must not make us hold (or count) more than was asked for.
    const kept = bytes.length > length ? bytes.subarray(0, length) : bytes;
    bytesRead += kept.length;
    return kept;
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));

  const dicomdirIndexes = indexesWhere(entries, (entry) => !entry.isDirectory && isDicomdirName(entry.name));
  const dicomdirs = await mapBounded(dicomdirIndexes, concurrency, async (index) => {
    try {
      return { entry: index, records: await readDicomdirEntry(counted, entries[index]!) };
    } catch (error) {
      if (error instanceof DiscEntryError) return { entry: index, records: undefined };
      throw error;
    }
  });
  const readable = dicomdirs.filter(
    (found): found is { entry: number; records: DicomdirRecord[] } => found.records !== undefined,
  );
  const references = resolveDicomdir(entries, readable);

  const candidates = indexesWhere(
    entries,
    (entry, index) =>
      !entry.isDirectory &&
      !isDicomdirName(entry.name) &&
      (references.byEntry.has(index) || mayBeImage(entry)),
  );
  const outcomes = await mapBounded(candidates, concurrency, async (index): Promise<EntryOutcome> => {
    const entry = entries[index]!;
    const listed = references.byEntry.get(index);
    const verdict = await readImageEntry(counted, entry, expectedImage(entry, listed !== undefined));
    return {
      entry: index,
      verdict,
      ...(listed?.sopInstanceUid ? { listedSopInstanceUid: listed.sopInstanceUid } : {}),
    };
  });

  return summarizeDisc(outcomes, {
    dicomdir: readable.length > 0,
    dicomdirMissing: references.missing,
    skipped:
      entries.filter((entry) => !entry.isDirectory).length - candidates.length - dicomdirIndexes.length,
    unreadableDicomdirs: dicomdirs.filter((found) => found.records === undefined).map((found) => found.entry),
    bytesRead,
    requests,
  });
}

/**
 * Reads an entry's local header and the first `dataLength` bytes of its data in one request
 * (a second only when its local extra field is unusually long).
 */
async function readEntryStart(
  read: RangeReader,
  entry: ZipEntry,
  dataLength: number,
): Promise<{ dataStart: number; data: Uint8Array }> {
  const first = await read(entry.localHeaderOffset, localHeaderAllowance(entry) + dataLength);
  const dataStart = localDataOffset(first, entry);
  let data = first.subarray(Math.min(first.length, dataStart), dataStart + dataLength);
  if (data.length < dataLength) {
    const rest = await read(entry.localHeaderOffset + dataStart + data.length, dataLength - data.length);
    data = concat(data, rest);
  }
  if (data.length < dataLength) throw cutShort();
  return { dataStart, data };
}

const cutShort = () => new DiscEntryError('damaged_entry', 'A disc entry is cut short.');

/** The DICOMDIR, read and inflated whole (it is small), then its file-referencing records. */
async function readDicomdirEntry(read: RangeReader, entry: ZipEntry): Promise<DicomdirRecord[]> {
  if (entry.compressedSize > MAX_DICOMDIR_BYTES || entry.uncompressedSize > MAX_DICOMDIR_BYTES) {
    throw new DiscEntryError('dicomdir_unreadable', 'The disc’s DICOMDIR is too large to read.');
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new DiscEntryError('unsupported_entry', 'A disc entry uses an unsupported compression.');
  }
  const { data } = await readEntryStart(read, entry, entry.compressedSize);
  let bytes: Uint8Array;
  try {
    bytes = entry.method === 8 ? inflateRawSync(data, { maxOutputLength: MAX_DICOMDIR_BYTES }) : data;
  } catch {
    throw new DiscEntryError('damaged_entry', 'A disc entry is damaged.');
  }
  if (bytes.length !== entry.uncompressedSize) {
    throw new DiscEntryError('damaged_entry', 'A disc entry is damaged.');
  }
  return readDicomdir(bytes);
}

/**
 * Reads an image's header in stages (HEADER_STAGES): its first bytes, and more only while the
 * header reader asks for more, never past the entry's compressed size.
 */
async function readImageEntry(
  read: RangeReader,
  entry: ZipEntry,
  expected: boolean,
): Promise<Exclude<HeaderVerdict, { kind: 'more' }>> {
  if (entry.encrypted || (entry.method !== 0 && entry.method !== 8)) {
    return { kind: 'problem', problem: 'unsupported_entry' };
  }
  try {
    const firstLength = Math.min(entry.compressedSize, HEADER_STAGES[0].read);
    const start = await readEntryStart(read, entry, firstLength);
    let { data } = start;
    for (const [stage, { read: wanted, inflateLimit }] of HEADER_STAGES.entries()) {
      const length = Math.min(entry.compressedSize, wanted);
      if (data.length < length) {
        // Only the bytes not yet read are fetched.
        const offset = entry.localHeaderOffset + start.dataStart + data.length;
        const more = await read(offset, length - data.length);
        if (more.length < length - data.length) throw cutShort();
        data = concat(data, more);
      }
      const all = data.length >= entry.compressedSize;
      const inflated = entry.method === 8 ? inflatePrefix(data, inflateLimit) : { bytes: data, cut: false };
      if (inflated.bytes.length > entry.uncompressedSize)
        return { kind: 'problem', problem: 'damaged_entry' };
      const finalLimit = HEADER_STAGES[HEADER_STAGES.length - 1]!.inflateLimit;
      const whole = all && !inflated.cut;
      // A head cut at this stage's inflate limit may grow at the next, even with every byte read.
      const verdict = judgeHeader(inflated.bytes, entry.uncompressedSize, {
        whole,
        last: whole || stage === HEADER_STAGES.length - 1 || inflated.bytes.length >= finalLimit,
        expected,
      });
      if (verdict.kind !== 'more') return verdict;
    }
    return { kind: 'problem', problem: 'header_too_long' };
  } catch (error) {
    if (error instanceof DiscEntryError) return { kind: 'problem', problem: error.problem };
    throw error;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function indexesWhere(
  entries: readonly ZipEntry[],
  test: (entry: ZipEntry, index: number) => boolean,
): number[] {
  const found: number[] = [];
  entries.forEach((entry, index) => {
    if (test(entry, index)) found.push(index);
  });
  return found;
}

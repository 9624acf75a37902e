import { type FileEntry, HttpReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { mapBounded } from '../../../functions/core/bounded-map';
import { hasDicomMagic, isDicomDir, MAGIC_LENGTH, nameVerdict } from './dicom-names';

export interface DiscEntry {
  /** The entry's path inside the archive (`DICOM/S0001/IM0001`). */
  path: string;
  /** Its uncompressed size in bytes. */
  size: number;
  /** Its bytes, fetched by range and inflated (CRC-32 checked); each call reads it again. */
  read(): Promise<ArrayBuffer>;
}

export interface OpenDiscOptions {
  /** A fresh presigned URL when storage refuses the current one (403: it expired while the disc was open). */
  freshUrl?: () => Promise<string>;
  /** How many entries are sniffed at once (default 6, a browser's connections per origin). */
  concurrency?: number;
}

/** The archive's size differs from what the relay listed: another object, or one still being written. */
export class DiscSizeMismatch extends Error {
  override readonly name = 'DiscSizeMismatch';
}

const STORED = 0;
const DEFLATED = 8;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_LENGTH = 30;
/** What a sniff asks for at first: the local header, a name and extra field of usual length, and
 * enough deflate input for 132 bytes out (a preamble of zeros compresses to a few bytes). */
const SNIFF_RANGE = 4096;

/**
 * A fetch for zip.js that follows the URL of the moment: when storage answers 403 (the presigned
 * URL expired) it asks for a fresh one once and repeats the request with it.
 */
function refreshingFetch(initialUrl: string, freshUrl: OpenDiscOptions['freshUrl']) {
  let current = initialUrl;
  return async (_input: string, init?: RequestInit): Promise<Response> => {
    const request = { ...init, credentials: 'omit' as const };
    const response = await fetch(current, request);
    if (response.status !== 403 || !freshUrl) return response;
    await response.body?.cancel();
    current = await freshUrl();
    return fetch(current, request);
  };
}

/** UTF-8 when the bytes are valid UTF-8 (zip.js's own rule), else GB18030: discs burned in China name files in GBK. */
function decodeName(value: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(value);
  } catch {
    return new TextDecoder('gb18030').decode(value);
  }
}

/** Inflates a prefix of a raw deflate stream, keeping what comes out before the input runs short. */
async function inflatePrefix(compressed: Uint8Array): Promise<Uint8Array> {
  const inflater = new DecompressionStream('deflate-raw');
  const writer = inflater.writable.getWriter();
  // A prefix ends mid-stream: closing it makes the inflater fail after what it could decode.
  writer.write(compressed as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = inflater.readable.getReader();
  const out: Uint8Array[] = [];
  let length = 0;
  try {
    for (let next = await reader.read(); !next.done && length < MAGIC_LENGTH; next = await reader.read()) {
      out.push(next.value);
      length += next.value.length;
    }
  } catch {
    // The prefix ended: what came out before is all there is.
  }
  reader.cancel().catch(() => undefined);
  const head = new Uint8Array(length);
  let offset = 0;
  for (const chunk of out) {
    head.set(chunk, offset);
    offset += chunk.length;
  }
  return head;
}

/**
 * The first 132 bytes of an entry, from a few KB of the archive. Not through zip.js's getData:
 * it gathers 256 KB of an entry before its codec starts (its chunk size, a global setting), which
 * for a disc of 500 slices would be most of the disc. Here one range holds the entry's local
 * header (which only gives where the data starts: after the name and the extra field) and the
 * start of its data; stored data is read as is, deflated data inflated by the browser's own
 * DecompressionStream; a longer prefix is asked for only when the first was not enough.
 */
async function entryHead(reader: HttpReader, entry: FileEntry): Promise<Uint8Array> {
  const wanted = Math.min(MAGIC_LENGTH, entry.uncompressedSize);
  for (let range = SNIFF_RANGE; ; range *= 4) {
    const bytes = await reader.readUint8Array(entry.offset, Math.min(range, reader.size - entry.offset));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < LOCAL_HEADER_LENGTH || view.getUint32(0, true) !== LOCAL_HEADER_SIGNATURE) {
      return new Uint8Array(0);
    }
    const dataStart = LOCAL_HEADER_LENGTH + view.getUint16(26, true) + view.getUint16(28, true);
    const data = bytes.subarray(dataStart, dataStart + entry.compressedSize);
    const complete = data.length === entry.compressedSize;
    const head =
      entry.compressionMethod === STORED
        ? data.subarray(0, wanted)
        : typeof DecompressionStream === 'function'
          ? await inflatePrefix(data)
          : // Safari before 16.4: zip.js's own inflater, over the whole entry.
            (await entry.getData(new Uint8ArrayWriter())).subarray(0, wanted);
    // Enough, or all there is (the entry's data, or the archive ended first).
    if (head.length >= wanted || complete || bytes.length < range) return head;
  }
}

/**
 * Reads a zipped imaging disc's central directory over HTTP range requests (zip.js's range
 * reader) from its presigned URL and lists the entries that are DICOM files, in archive
 * order: by name when it says (`.dcm`), else by the DICM magic at offset 128 (DICOMDIR discs name
 * their files without extension). DICOMDIR itself, folders, encrypted entries, unsupported
 * compression and other files are left out. Reads the archive's end, its central directory,
 * 4 KB of each entry whose name says nothing, and then only the entries asked for.
 */
export async function openDisc(
  url: string,
  size: number,
  options: OpenDiscOptions = {},
): Promise<DiscEntry[]> {
  // zip.js's HttpRangeReader is this HttpReader with useRangeHeader; its type leaves out combineSizeEocd.
  const reader = new HttpReader(url, {
    useRangeHeader: true,
    fetch: refreshingFetch(url, options.freshUrl),
    // The first request (which tells the size) asks for the archive's last 64 KB, where zip.js
    // looks for the end of the central directory anyway: one round trip fewer over a slow link.
    // S3 serves suffix ranges; a server that does not still answers with a size.
    combineSizeEocd: true,
  });
  const zip = new ZipReader(reader, {
    // The portal's CSP allows workers, but entries here are small and inflate on the page's
    // thread with the browser's own DecompressionStream; no worker script to ship.
    useWebWorkers: false,
    decodeText: (value) => decodeName(value),
  });
  const entries = await zip.getEntries();
  if (reader.size !== size) {
    throw new DiscSizeMismatch(`the archive has ${reader.size} bytes, the package lists ${size}`);
  }
  const candidates = entries.filter(
    (entry): entry is FileEntry =>
      !entry.directory &&
      !entry.encrypted &&
      (entry.compressionMethod === STORED || entry.compressionMethod === DEFLATED) &&
      !isDicomDir(entry.filename) &&
      nameVerdict(entry.filename) !== 'not-dicom',
  );
  const dicom = new Set<FileEntry>();
  await mapBounded(candidates, options.concurrency ?? 6, async (entry) => {
    if (nameVerdict(entry.filename) === 'dicom' || hasDicomMagic(await entryHead(reader, entry)))
      dicom.add(entry);
  });
  return candidates
    .filter((entry) => dicom.has(entry))
    .map((entry) => ({
      path: entry.filename,
      size: entry.uncompressedSize,
      async read() {
        const bytes = await entry.getData(new Uint8ArrayWriter(), { checkCrc32: true });
        return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
          ? (bytes.buffer as ArrayBuffer)
          : (bytes.slice().buffer as ArrayBuffer);
      },
    }));
}

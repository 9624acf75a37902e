import { crc32, createInflateRaw, type InflateRaw } from 'node:zlib';
import { ZIP_LIMITS, type ZipEntry, ZipError } from './zip-index';

/**
 * Judges a ZIP archive by what its entries really inflate to, not by what its directory
 * declares. Fed the archive's bytes in order (the chunks of the one read that also hashes it),
 * it walks the local file headers, inflates each deflated entry with a streaming raw inflater
 * whose output is counted and discarded, and refuses the archive the moment an entry inflates
 * past its declared size or the ZIP_LIMITS, or does not match its directory entry (sizes, CRC,
 * position). Nothing is written anywhere; memory stays bounded whatever the archive's size:
 * one local header (at most 30 + 2 × 64 KiB), the inflater's 32 KiB window and one 64 KiB
 * output chunk at a time.
 */
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;
/** A data descriptor with its optional signature and ZIP64 sizes. */
const MAX_DATA_DESCRIPTOR_BYTES = 24;
const OUTPUT_CHUNK_BYTES = 64 * 1024;

const bomb = () =>
  new ZipError('zip_bomb', 'The ZIP file expands beyond what it declares (a zip bomb) and was refused.');
const damaged = (what: string) => new ZipError('damaged', `The ZIP file is damaged: ${what}.`);

/** A raw inflater whose output goes to `onData` and is then dropped; a throw stops it. */
class CountingInflater {
  private readonly stream: InflateRaw;
  private failure: Error | undefined;

  constructor(onData: (chunk: Buffer) => void) {
    this.stream = createInflateRaw({ chunkSize: OUTPUT_CHUNK_BYTES });
    this.stream.on('data', (chunk: Buffer) => {
      if (this.failure) return;
      try {
        onData(chunk);
      } catch (error) {
        this.failure = error as Error;
        this.stream.destroy();
      }
    });
    this.stream.on('error', (error) => {
      this.failure ??= error.message.includes('unexpected end')
        ? damaged('an entry’s compressed data ends early')
        : damaged('an entry’s compressed data cannot be inflated');
    });
  }

  private settle(start: (done: () => void) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        this.stream.off('close', done);
        this.stream.off('end', done);
        if (this.failure) reject(this.failure);
        else resolve();
      };
      this.stream.once('close', done);
      start(done);
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.settle((done) => this.stream.write(bytes, () => done()));
  }

  end(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return this.settle((done) => {
      this.stream.once('end', done);
      this.stream.end();
    });
  }

  destroy() {
    this.stream.destroy();
  }
}

interface Current {
  readonly entry: ZipEntry;
  remaining: number;
  inflated: number;
  crc: number;
  inflater?: CountingInflater;
}

export class ZipInflateCheck {
  private readonly entries: readonly ZipEntry[];
  private position = 0;
  private index = 0;
  private header: Buffer[] = [];
  private headerLength = 0;
  private current: Current | undefined;
  private gapAllowed = 0;
  private inflatedTotal = 0;
  private failed: Error | undefined;

  /**
   * `entries` from the central directory (already checked by checkArchive), and where that
   * directory starts: the bytes from there on are the directory itself.
   */
  constructor(
    entries: readonly ZipEntry[],
    private readonly directoryOffset: number,
    private readonly limits: typeof ZIP_LIMITS = ZIP_LIMITS,
  ) {
    this.entries = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
    for (let i = 1; i < this.entries.length; i += 1) {
      // Two directory entries over the same bytes: the overlapping-entries zip bomb.
      if (this.entries[i]!.localHeaderOffset === this.entries[i - 1]!.localHeaderOffset) throw bomb();
    }
  }

  /** Feeds the next bytes of the archive; rejects (ZipError) as soon as the archive is refused. */
  async push(chunk: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    try {
      let at = 0;
      while (at < chunk.length) at += await this.consume(chunk.subarray(at));
    } catch (error) {
      this.failed = error as Error;
      this.current?.inflater?.destroy();
      throw error;
    }
  }

  /** After the last byte: every entry must have been read whole and matched its directory entry. */
  async finish(): Promise<{ inflatedBytes: number }> {
    if (this.failed) throw this.failed;
    if (this.current || this.index < this.entries.length) throw damaged('it ends before its last entry');
    return { inflatedBytes: this.inflatedTotal };
  }

  /** Consumes a prefix of `bytes` and says how long it was. */
  private async consume(bytes: Uint8Array): Promise<number> {
    if (this.current) return this.consumeData(bytes);
    const entry = this.entries[this.index];
    if (this.headerLength > 0 && entry) return this.consumeHeader(entry, bytes);
    const next = entry?.localHeaderOffset ?? this.directoryOffset;
    if (this.position < next) {
      // Between entries only a data descriptor may sit; hidden bytes are refused.
      if (next - this.position > this.gapAllowed) throw damaged('it holds data outside its entries');
      const skip = Math.min(bytes.length, next - this.position);
      this.position += skip;
      return skip;
    }
    if (this.position > next) throw bomb(); // entries that overlap
    if (!entry) return bytes.length; // the central directory: already parsed
    return this.consumeHeader(entry, bytes);
  }

  private consumeHeader(entry: ZipEntry, bytes: Uint8Array): number {
    const have = Buffer.concat(this.header, this.headerLength);
    const needed =
      have.length >= LOCAL_HEADER_BYTES
        ? LOCAL_HEADER_BYTES + have.readUInt16LE(26) + have.readUInt16LE(28)
        : LOCAL_HEADER_BYTES;
    const take = Math.min(bytes.length, needed - have.length);
    this.header = [have, Buffer.from(bytes.subarray(0, take))];
    this.headerLength = have.length + take;
    this.position += take;
    if (this.headerLength < needed) return take;
    const header = Buffer.concat(this.header, this.headerLength);
    if (header.length === LOCAL_HEADER_BYTES && header.readUInt16LE(26) + header.readUInt16LE(28) > 0) {
      return take; // now the name and extra field's lengths are known
    }
    this.header = [];
    this.headerLength = 0;
    this.startEntry(entry, header);
    return take;
  }

  private startEntry(entry: ZipEntry, header: Buffer) {
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw damaged('an entry’s header is missing');
    const flags = header.readUInt16LE(6);
    const method = header.readUInt16LE(8);
    if (method !== entry.method) throw damaged('an entry’s header disagrees with its directory');
    const hasDescriptor = (flags & 0x8) !== 0;
    if (!hasDescriptor) {
      const crc = header.readUInt32LE(14);
      const compressed = header.readUInt32LE(18);
      const uncompressed = header.readUInt32LE(22);
      if (
        crc !== entry.crc32 ||
        (compressed !== 0xffffffff && compressed !== entry.compressedSize) ||
        (uncompressed !== 0xffffffff && uncompressed !== entry.uncompressedSize)
      ) {
        throw damaged('an entry’s header disagrees with its directory');
      }
    }
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
      throw damaged('a stored entry’s sizes disagree');
    }
    this.gapAllowed = hasDescriptor ? MAX_DATA_DESCRIPTOR_BYTES : 0;
    const current: Current = { entry, remaining: entry.compressedSize, inflated: 0, crc: 0 };
    if (entry.method === 8) current.inflater = new CountingInflater((chunk) => this.count(current, chunk));
    this.current = current;
  }

  /** Counts inflated (or stored) bytes, refusing at the first byte past what is allowed. */
  private count(current: Current, chunk: Uint8Array) {
    current.inflated += chunk.length;
    this.inflatedTotal += chunk.length;
    const { entry } = current;
    if (
      current.inflated > entry.uncompressedSize ||
      (current.inflated > this.limits.ratioFloorBytes &&
        current.inflated > this.limits.maxEntryRatio * Math.max(1, entry.compressedSize)) ||
      this.inflatedTotal > this.limits.maxUncompressedBytes
    ) {
      throw bomb();
    }
    current.crc = crc32(chunk, current.crc);
  }

  private async consumeData(bytes: Uint8Array): Promise<number> {
    const current = this.current!;
    const take = Math.min(bytes.length, current.remaining);
    const slice = bytes.subarray(0, take);
    if (current.inflater) await current.inflater.write(slice);
    else this.count(current, slice);
    current.remaining -= take;
    this.position += take;
    if (current.remaining === 0) await this.endEntry(current);
    return take;
  }

  private async endEntry(current: Current) {
    await current.inflater?.end();
    if (current.inflated !== current.entry.uncompressedSize) {
      throw damaged('an entry is shorter than its directory says');
    }
    if (current.crc !== current.entry.crc32) throw damaged('an entry’s checksum (CRC-32) is wrong');
    this.current = undefined;
    this.index += 1;
  }
}

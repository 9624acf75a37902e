import { crc32 } from 'node:zlib';

export interface ImageSummary {
  readonly width: number;
  readonly height: number;
}

export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

const damaged = (kind: string) => new ImageError(`The ${kind} image is damaged: its header cannot be read.`);

/** PNG: the IHDR chunk right after the signature, with its CRC checked. */
export function readPngHeader(head: Uint8Array): ImageSummary {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length < 33 || bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR')
    throw damaged('PNG');
  if (crc32(bytes.subarray(12, 29)) !== bytes.readUInt32BE(29)) throw damaged('PNG');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width === 0 || height === 0 || width > 100_000 || height > 100_000) throw damaged('PNG');
  return { width, height };
}

/** Start-of-frame markers that carry the image size (baseline, progressive, lossless, arithmetic). */
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** JPEG: walks the marker segments from SOI to the first start-of-frame. */
export function readJpegHeader(head: Uint8Array): ImageSummary {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw damaged('JPEG');
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image or start of scan before any frame
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2) throw damaged('JPEG');
    if (SOF_MARKERS.has(marker)) {
      if (at + 9 > bytes.length) break;
      const height = bytes.readUInt16BE(at + 5);
      const width = bytes.readUInt16BE(at + 7);
      if (width === 0 || height === 0) throw damaged('JPEG');
      return { width, height };
    }
    at += 2 + length;
  }
  throw damaged('JPEG');
}

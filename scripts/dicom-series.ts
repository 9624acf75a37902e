import { createRequire } from 'node:module';

/**
 * Synthetic CT series as DICOM Part 10 files, in every transfer syntax the viewer must read, for
 * the viewer's browser test and bench. Each slice is 16-bit signed with a rescale to HU, a known
 * pixel spacing and position, a pattern that changes from slice to slice, and two bright markers a
 * known distance apart (for the length measurement). Uncompressed syntaxes and RLE are written
 * here; JPEG-LS, JPEG 2000 and JPEG baseline use the encoders inside Cornerstone's WASM codec
 * packages, and JPEG lossless (process 14, selection value 1) a small encoder below. The decoders
 * under test are Cornerstone's, so encoding here is fair. The content is invented.
 */

export const transferSyntaxes = {
  'implicit-le': '1.2.840.10008.1.2',
  'explicit-le': '1.2.840.10008.1.2.1',
  'explicit-be': '1.2.840.10008.1.2.2',
  'jpeg-baseline': '1.2.840.10008.1.2.4.50',
  'jpeg-lossless': '1.2.840.10008.1.2.4.70',
  'jpeg-ls': '1.2.840.10008.1.2.4.80',
  'jpeg-2000': '1.2.840.10008.1.2.4.90',
  rle: '1.2.840.10008.1.2.5',
} as const;
export type SyntaxName = keyof typeof transferSyntaxes;
/** Syntaxes that keep every bit of the 16-bit pixels (JPEG baseline is 8-bit and lossy). */
export const losslessSyntaxes: readonly SyntaxName[] = [
  'implicit-le',
  'explicit-le',
  'explicit-be',
  'jpeg-lossless',
  'jpeg-ls',
  'jpeg-2000',
  'rle',
];

export interface SeriesOptions {
  readonly syntax: SyntaxName;
  readonly slices: number;
  readonly size?: number;
  /** Row and column spacing in mm (PixelSpacing). */
  readonly pixelSpacing?: readonly [number, number];
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number;
  readonly seriesDescription?: string;
  readonly patientName?: string;
}

/** Where the two markers lie (column, row), as fractions of the image size. */
export const markerFractions = [
  [0.25, 0.5],
  [0.75, 0.5],
] as const;
const RESCALE_INTERCEPT = -1024;
/** The markers' HU: far above the pattern's range, so a bone window shows only them at full white. */
export const MARKER_HU = 3000;

/**
 * The stored values of one slice (HU − intercept, signed): soft tissue (−60…60 HU) in a round
 * scan field, a disc (60…460 HU) whose radius and brightness change with the slice, a bar whose
 * row moves with it, padding (−3024 HU, stored negative) outside the field, and the markers.
 */
export function slicePixels(slice: number, size: number): Int16Array {
  const pixels = new Int16Array(size * size);
  const centre = size / 2;
  const radius = size * (0.2 + 0.02 * (slice % 8));
  const barRow = Math.floor(((slice * 7) % 16) * (size / 20)) + Math.floor(size / 10);
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      const dx = column - centre;
      const dy = row - centre;
      const distance = Math.sqrt(dx * dx + dy * dy);
      let hu: number;
      if (distance > size * 0.49)
        hu = -3024; // outside the scan field
      else if (distance < radius) hu = 60 + ((slice * 37) % 300) + Math.floor((column / size) * 100);
      else hu = -60 + Math.floor((row / size) * 120);
      if (Math.abs(row - barRow) < size / 40 && distance <= size * 0.49) hu = 150;
      pixels[row * size + column] = hu - RESCALE_INTERCEPT;
    }
  }
  const half = Math.max(1, Math.floor(size / 128));
  for (const [fx, fy] of markerFractions) {
    const cx = Math.round(fx * size);
    const cy = Math.round(fy * size);
    for (let row = cy - half; row <= cy + half; row += 1) {
      for (let column = cx - half; column <= cx + half; column += 1) {
        pixels[row * size + column] = MARKER_HU - RESCALE_INTERCEPT;
      }
    }
  }
  return pixels;
}

/** 8-bit version of a slice for JPEG baseline: the HU range −1000…400 mapped onto 0…255. */
function slicePixels8(slice: number, size: number): Uint8Array {
  const source = slicePixels(slice, size);
  return Uint8Array.from(source, (stored) =>
    Math.max(0, Math.min(255, Math.round(((stored + RESCALE_INTERCEPT + 1000) / 1400) * 255))),
  );
}

// --- The DICOM writer: explicit VR (little or big endian) or implicit VR little endian. ---

type Encoding = 'implicit-le' | 'explicit-le' | 'explicit-be';
const longVrs = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR']);

interface DicomElement {
  readonly tag: number;
  readonly vr: string;
  readonly value: Buffer;
  /** Encapsulated pixel data: undefined length, items follow. */
  readonly undefinedLength?: boolean;
}

function writeElement({ tag, vr, value, undefinedLength }: DicomElement, encoding: Encoding): Buffer {
  const group = tag >>> 16;
  const elementId = tag & 0xffff;
  const bigEndian = encoding === 'explicit-be' && group !== 0x0002;
  const padded =
    value.length % 2 === 0
      ? value
      : Buffer.concat([value, Buffer.from([vr === 'UI' || vr === 'OB' ? 0 : 0x20])]);
  const length = undefinedLength ? 0xffffffff : padded.length;
  const u16 = (buffer: Buffer, at: number, number: number) =>
    bigEndian ? buffer.writeUInt16BE(number, at) : buffer.writeUInt16LE(number, at);
  const u32 = (buffer: Buffer, at: number, number: number) =>
    bigEndian ? buffer.writeUInt32BE(number, at) : buffer.writeUInt32LE(number, at);
  let header: Buffer;
  if (encoding === 'implicit-le' && group !== 0x0002) {
    header = Buffer.alloc(8);
    u32(header, 4, length);
  } else if (longVrs.has(vr)) {
    header = Buffer.alloc(12);
    header.write(vr, 4, 'latin1');
    u32(header, 8, length);
  } else {
    header = Buffer.alloc(8);
    header.write(vr, 4, 'latin1');
    u16(header, 6, length);
  }
  u16(header, 0, group);
  u16(header, 2, elementId);
  return Buffer.concat([header, padded]);
}

const ascii = (value: string) => Buffer.from(value, 'latin1');
const us = (value: number, bigEndian: boolean) => {
  const buffer = Buffer.alloc(2);
  if (bigEndian) buffer.writeUInt16BE(value);
  else buffer.writeUInt16LE(value);
  return buffer;
};

/** Encapsulated pixel data: an empty basic offset table, one fragment per frame, the delimiter. */
function encapsulate(frame: Buffer): Buffer {
  const item = (content: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt16LE(0xfffe, 0);
    header.writeUInt16LE(0xe000, 2);
    header.writeUInt32LE(content.length, 4);
    return Buffer.concat([header, content]);
  };
  const padded = frame.length % 2 === 0 ? frame : Buffer.concat([frame, Buffer.from([0])]);
  const delimiter = Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  return Buffer.concat([item(Buffer.alloc(0)), item(padded), delimiter]);
}

export interface InstanceOptions {
  readonly transferSyntaxUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly seriesNumber: number;
  readonly instanceNumber: number;
  readonly seriesDescription: string;
  readonly patientName: string;
  readonly rows: number;
  readonly columns: number;
  readonly pixelSpacing: readonly [number, number];
  readonly sliceLocation: number;
  readonly bitsAllocated: 8 | 16;
  readonly signed: boolean;
  readonly rescale: boolean;
  /** Native pixel bytes (in the file's byte order) or one compressed frame. */
  readonly pixelData: Buffer;
  readonly encapsulated: boolean;
}

/** One CT instance as a Part 10 file. */
export function writeInstance(options: InstanceOptions): Buffer {
  const syntax = options.transferSyntaxUid;
  const encoding: Encoding =
    syntax === transferSyntaxes['implicit-le']
      ? 'implicit-le'
      : syntax === transferSyntaxes['explicit-be']
        ? 'explicit-be'
        : 'explicit-le';
  const be = encoding === 'explicit-be';
  const sopClass = '1.2.840.10008.5.1.4.1.1.2';
  const meta = [
    { tag: 0x00020001, vr: 'OB', value: Buffer.from([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: ascii(sopClass) },
    { tag: 0x00020003, vr: 'UI', value: ascii(options.sopInstanceUid) },
    { tag: 0x00020010, vr: 'UI', value: ascii(syntax) },
    { tag: 0x00020012, vr: 'UI', value: ascii('1.2.826.0.1.3680043.8.498.0.1') },
  ].map((element) => writeElement(element, 'explicit-le'));
  const metaLength = Buffer.alloc(4);
  metaLength.writeUInt32LE(meta.reduce((sum, part) => sum + part.length, 0));
  const ds = (value: number | readonly number[]) =>
    ascii(
      (Array.isArray(value) ? value : [value]).map((number) => `${Number(number.toFixed(6))}`).join('\\'),
    );
  const dataSet: DicomElement[] = [
    { tag: 0x00080008, vr: 'CS', value: ascii('ORIGINAL\\PRIMARY\\AXIAL') },
    { tag: 0x00080016, vr: 'UI', value: ascii(sopClass) },
    { tag: 0x00080018, vr: 'UI', value: ascii(options.sopInstanceUid) },
    { tag: 0x00080020, vr: 'DA', value: ascii('20261005') },
    { tag: 0x00080060, vr: 'CS', value: ascii('CT') },
    { tag: 0x0008103e, vr: 'LO', value: ascii(options.seriesDescription) },
    { tag: 0x00100010, vr: 'PN', value: ascii(options.patientName) },
    { tag: 0x00180050, vr: 'DS', value: ds(2.5) },
    { tag: 0x0020000d, vr: 'UI', value: ascii(options.studyInstanceUid) },
    { tag: 0x0020000e, vr: 'UI', value: ascii(options.seriesInstanceUid) },
    { tag: 0x00200011, vr: 'IS', value: ascii(String(options.seriesNumber)) },
    { tag: 0x00200013, vr: 'IS', value: ascii(String(options.instanceNumber)) },
    {
      tag: 0x00200032,
      vr: 'DS',
      value: ds([
        (-options.columns / 2) * options.pixelSpacing[1],
        (-options.rows / 2) * options.pixelSpacing[0],
        options.sliceLocation,
      ]),
    },
    { tag: 0x00200037, vr: 'DS', value: ds([1, 0, 0, 0, 1, 0]) },
    { tag: 0x00200052, vr: 'UI', value: ascii(`${options.studyInstanceUid}.9`) },
    { tag: 0x00201041, vr: 'DS', value: ds(options.sliceLocation) },
    { tag: 0x00280002, vr: 'US', value: us(1, be) },
    { tag: 0x00280004, vr: 'CS', value: ascii('MONOCHROME2') },
    { tag: 0x00280010, vr: 'US', value: us(options.rows, be) },
    { tag: 0x00280011, vr: 'US', value: us(options.columns, be) },
    { tag: 0x00280030, vr: 'DS', value: ds(options.pixelSpacing) },
    { tag: 0x00280100, vr: 'US', value: us(options.bitsAllocated, be) },
    { tag: 0x00280101, vr: 'US', value: us(options.bitsAllocated, be) },
    { tag: 0x00280102, vr: 'US', value: us(options.bitsAllocated - 1, be) },
    { tag: 0x00280103, vr: 'US', value: us(options.signed ? 1 : 0, be) },
    ...(options.rescale
      ? [
          { tag: 0x00281050, vr: 'DS', value: ds(40) },
          { tag: 0x00281051, vr: 'DS', value: ds(400) },
          { tag: 0x00281052, vr: 'DS', value: ds(RESCALE_INTERCEPT) },
          { tag: 0x00281053, vr: 'DS', value: ds(1) },
          { tag: 0x00281054, vr: 'LO', value: ascii('HU') },
        ]
      : []),
    options.encapsulated
      ? { tag: 0x7fe00010, vr: 'OB', value: encapsulate(options.pixelData), undefinedLength: true }
      : { tag: 0x7fe00010, vr: options.bitsAllocated === 8 ? 'OB' : 'OW', value: options.pixelData },
  ];
  const body = dataSet.map((element) => {
    if (!element.undefinedLength) return writeElement(element, encoding);
    // The encapsulated value is already items: write the header, then the items as they are.
    const header = writeElement({ ...element, value: Buffer.alloc(0) }, encoding);
    return Buffer.concat([header, element.value]);
  });
  return Buffer.concat([
    Buffer.alloc(128),
    ascii('DICM'),
    writeElement({ tag: 0x00020000, vr: 'UL', value: metaLength }, 'explicit-le'),
    ...meta,
    ...body,
  ]);
}

// --- Encoders. ---

/** PackBits (the RLE segment encoding of PS3.5 annex G): literal runs and replicate runs ≤ 128. */
export function packBits(bytes: Uint8Array): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let run = 1;
    while (i + run < bytes.length && run < 128 && bytes[i + run] === bytes[i]) run += 1;
    if (run >= 2) {
      out.push(257 - run, bytes[i]!);
      i += run;
      continue;
    }
    const start = i;
    while (
      i < bytes.length &&
      i - start < 128 &&
      !(
        i + 1 < bytes.length &&
        bytes[i] === bytes[i + 1] &&
        i + 2 < bytes.length &&
        bytes[i] === bytes[i + 2]
      )
    ) {
      i += 1;
    }
    out.push(i - start - 1, ...bytes.subarray(start, i));
  }
  return Buffer.from(out);
}

/** An RLE Lossless frame of 16-bit samples: a 64-byte header, the high-byte segment, the low-byte one. */
export function encodeRle16(samples: Uint16Array): Buffer {
  const high = Uint8Array.from(samples, (value) => value >> 8);
  const low = Uint8Array.from(samples, (value) => value & 0xff);
  const segments = [high, low].map((plane) => {
    const packed = packBits(plane);
    return packed.length % 2 === 0 ? packed : Buffer.concat([packed, Buffer.from([0])]);
  });
  const header = Buffer.alloc(64);
  header.writeUInt32LE(segments.length, 0);
  header.writeUInt32LE(64, 4);
  header.writeUInt32LE(64 + segments[0]!.length, 8);
  return Buffer.concat([header, ...segments]);
}

/**
 * JPEG lossless, process 14, selection value 1 (the predictor is the sample to the left), 16-bit,
 * one component, one Huffman table in which every difference category has a 5-bit code.
 */
export function encodeJpegLossless(samples: Uint16Array, width: number, height: number): Buffer {
  const bytes: number[] = [0xff, 0xd8];
  const segment = (marker: number, body: number[]) =>
    bytes.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  segment(0xc3, [16, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  const counts = Array.from({ length: 16 }, (_, index) => (index === 4 ? 17 : 0));
  segment(0xc4, [0x00, ...counts, ...Array.from({ length: 17 }, (_, symbol) => symbol)]);
  segment(0xda, [1, 1, 0x00, 1, 0, 0]);
  let buffer = 0;
  let filled = 0;
  const put = (value: number, length: number) => {
    for (let bit = length - 1; bit >= 0; bit -= 1) {
      buffer = (buffer << 1) | ((value >> bit) & 1);
      filled += 1;
      if (filled === 8) {
        bytes.push(buffer);
        if (buffer === 0xff) bytes.push(0); // byte stuffing
        buffer = 0;
        filled = 0;
      }
    }
  };
  for (let row = 0; row < height; row += 1) {
    for (let column = 0; column < width; column += 1) {
      const at = row * width + column;
      const prediction =
        row === 0 && column === 0 ? 32768 : column === 0 ? samples[at - width]! : samples[at - 1]!;
      let difference = (samples[at]! - prediction) % 65536;
      if (difference > 32768) difference -= 65536;
      if (difference < -32767) difference += 65536;
      const magnitude = Math.abs(difference);
      const category = magnitude === 0 ? 0 : Math.min(16, Math.floor(Math.log2(magnitude)) + 1);
      put(category, 5); // canonical codes of one length: the category itself
      if (category > 0 && category < 16) {
        put(difference > 0 ? difference : difference + (1 << category) - 1, category);
      }
    }
  }
  if (filled > 0) put(0xff, 8 - filled); // pad with ones
  bytes.push(0xff, 0xd9);
  return Buffer.from(bytes);
}

interface WasmCodec {
  getDecodedBuffer(frameInfo: Record<string, unknown>): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  setQuality?(lossless: boolean, quality?: number): void;
  delete?(): void;
}

const require = createRequire(import.meta.url);
type Factory = () => Promise<Record<string, new () => WasmCodec>>;
const codecs = new Map<string, Promise<Record<string, new () => WasmCodec>>>();
function codec(module: string): Promise<Record<string, new () => WasmCodec>> {
  let found = codecs.get(module);
  if (!found) {
    const factory = require(module) as Factory | { default: Factory };
    found = (typeof factory === 'function' ? factory : factory.default)();
    codecs.set(module, found);
  }
  return found;
}

async function wasmEncode(
  module: string,
  className: string,
  frameInfo: Record<string, unknown>,
  pixels: Uint8Array,
  configure?: (encoder: WasmCodec) => void,
): Promise<Buffer> {
  const Encoder = (await codec(module))[className]!;
  const encoder = new Encoder();
  try {
    configure?.(encoder);
    encoder.getDecodedBuffer(frameInfo).set(pixels);
    encoder.encode();
    return Buffer.from(encoder.getEncodedBuffer());
  } finally {
    encoder.delete?.();
  }
}

const leBytes = (samples: Int16Array) =>
  new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);

/** The pixel data element's value for one slice in the given syntax. */
async function encodeSlice(
  syntax: SyntaxName,
  slice: number,
  size: number,
): Promise<{ data: Buffer; bits: 8 | 16 }> {
  const pixels = slicePixels(slice, size);
  const unsigned = new Uint16Array(pixels.buffer, pixels.byteOffset, pixels.length);
  switch (syntax) {
    case 'implicit-le':
    case 'explicit-le':
      return { data: Buffer.from(leBytes(pixels)), bits: 16 };
    case 'explicit-be': {
      const data = Buffer.alloc(pixels.length * 2);
      for (const [index, value] of pixels.entries()) data.writeInt16BE(value, index * 2);
      return { data, bits: 16 };
    }
    case 'rle':
      return { data: encodeRle16(unsigned), bits: 16 };
    case 'jpeg-lossless':
      return { data: encodeJpegLossless(unsigned, size, size), bits: 16 };
    case 'jpeg-ls':
      return {
        data: await wasmEncode(
          '@cornerstonejs/codec-charls/wasmjs',
          'JpegLSEncoder',
          { width: size, height: size, bitsPerSample: 16, componentCount: 1 },
          leBytes(pixels),
        ),
        bits: 16,
      };
    case 'jpeg-2000':
      return {
        data: await wasmEncode(
          '@cornerstonejs/codec-openjpeg/wasmjs',
          'J2KEncoder',
          {
            width: size,
            height: size,
            bitsPerSample: 16,
            componentCount: 1,
            isSigned: true,
            isUsingColorTransform: false,
          },
          leBytes(pixels),
        ),
        bits: 16,
      };
    case 'jpeg-baseline':
      return {
        data: await wasmEncode(
          '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs',
          'JPEGEncoder',
          { width: size, height: size, bitsPerSample: 8, componentCount: 1, isSigned: false },
          slicePixels8(slice, size),
          (encoder) => encoder.setQuality?.(false, 95),
        ),
        bits: 8,
      };
  }
}

/** A series of `slices` CT instances in one transfer syntax, in slice order. */
export async function makeCtSeries(options: SeriesOptions): Promise<Buffer[]> {
  const size = options.size ?? 256;
  const spacing = options.pixelSpacing ?? [0.7, 0.7];
  const files: Buffer[] = [];
  for (let slice = 0; slice < options.slices; slice += 1) {
    const { data, bits } = await encodeSlice(options.syntax, slice, size);
    files.push(
      writeInstance({
        transferSyntaxUid: transferSyntaxes[options.syntax],
        studyInstanceUid: options.studyInstanceUid,
        seriesInstanceUid: options.seriesInstanceUid,
        sopInstanceUid: `${options.seriesInstanceUid}.${slice + 1}`,
        seriesNumber: options.seriesNumber,
        instanceNumber: slice + 1,
        seriesDescription: options.seriesDescription ?? `Chest CT ${options.syntax}`,
        patientName: options.patientName ?? 'Patient^Test',
        rows: size,
        columns: size,
        pixelSpacing: spacing,
        sliceLocation: -100 + slice * 2.5,
        bitsAllocated: bits,
        signed: bits === 16,
        rescale: bits === 16,
        pixelData: data,
        encapsulated: !['implicit-le', 'explicit-le', 'explicit-be'].includes(options.syntax),
      }),
    );
  }
  return files;
}

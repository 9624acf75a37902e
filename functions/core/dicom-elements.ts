/**
 * Walks DICOM data elements (PS3.5 §7) in the three uncompressed encodings: explicit VR little
 * endian, explicit VR big endian and implicit VR little endian. Written for upload checks, so it
 * is tolerant where real files are odd and strict about bytes: odd value lengths are taken as
 * given, sequences and items of undefined length are skipped by their delimiters (nested private
 * sequences, UN sequences in implicit VR as CP-246 says), an explicit element whose VR is not a
 * VR is read as implicit (as pydicom does), and nothing is ever read past the bytes given.
 */

export const UNDEFINED_LENGTH = 0xffffffff;

export interface DataSetSyntax {
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
}

export const IMPLICIT_LITTLE: DataSetSyntax = { explicitVr: false, littleEndian: true };
export const EXPLICIT_LITTLE: DataSetSyntax = { explicitVr: true, littleEndian: true };
export const EXPLICIT_BIG: DataSetSyntax = { explicitVr: true, littleEndian: false };

/** One element's place in the bytes. Tags are `group << 16 | element`, unsigned. */
export interface ElementRef {
  readonly tag: number;
  /** The VR as written (explicit VR); absent in implicit VR. */
  readonly vr?: string;
  readonly offset: number;
  readonly valueOffset: number;
  /** UNDEFINED_LENGTH for a value delimited by items. */
  readonly length: number;
}

/**
 * The bytes end before what the walk needs. `declaredEnd` is where a defined-length value that
 * runs past them would end: a file shorter than that is cut inside it.
 */
export class BytesEnded extends Error {
  constructor(readonly declaredEnd?: number) {
    super('the bytes end inside a data element');
    this.name = 'BytesEnded';
  }
}

/** Bytes that are not a data set in the encoding being read. */
export class MalformedDataSet extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedDataSet';
  }
}

export const tagOf = (group: number, element: number) => ((group << 16) | element) >>> 0;

export const ITEM = tagOf(0xfffe, 0xe000);
export const ITEM_DELIMITATION = tagOf(0xfffe, 0xe00d);
export const SEQUENCE_DELIMITATION = tagOf(0xfffe, 0xe0dd);

/** Pixel Data and its float forms: where an upload check stops reading. */
export const PIXEL_DATA_TAGS: ReadonlySet<number> = new Set([
  tagOf(0x7fe0, 0x0008),
  tagOf(0x7fe0, 0x0009),
  tagOf(0x7fe0, 0x0010),
]);

export const VRS: ReadonlySet<string> = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(
    ' ',
  ),
);
/** VRs with two reserved bytes and a 32-bit length (PS3.5 Table 7.1-1). */
export const LONG_VRS: ReadonlySet<string> = new Set('OB OD OF OL OV OW SQ SV UC UN UR UT UV'.split(' '));

/** Nesting deeper than this is not a real file. */
const MAX_DEPTH = 32;

export function readUint16(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  const a = bytes[at] ?? 0;
  const b = bytes[at + 1] ?? 0;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

export function readUint32(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  const b0 = bytes[at] ?? 0;
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  const b3 = bytes[at + 3] ?? 0;
  return (
    (littleEndian ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0
  );
}

const need = (bytes: Uint8Array, end: number) => {
  if (end > bytes.length) throw new BytesEnded();
};

const vrAt = (bytes: Uint8Array, at: number) => String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0);

/** The tag at `offset`, read in the syntax's byte order. */
export function peekTag(bytes: Uint8Array, offset: number, syntax: DataSetSyntax): number {
  need(bytes, offset + 4);
  return tagOf(
    readUint16(bytes, offset, syntax.littleEndian),
    readUint16(bytes, offset + 2, syntax.littleEndian),
  );
}

/** The element header at `offset`. Item and delimiter tags carry no VR in any syntax. */
export function readElementHeader(bytes: Uint8Array, offset: number, syntax: DataSetSyntax): ElementRef {
  need(bytes, offset + 8);
  const tag = peekTag(bytes, offset, syntax);
  const le = syntax.littleEndian;
  if (tag >>> 16 !== 0xfffe && syntax.explicitVr) {
    const vr = vrAt(bytes, offset + 4);
    if (VRS.has(vr)) {
      if (!LONG_VRS.has(vr)) {
        return { tag, vr, offset, valueOffset: offset + 8, length: readUint16(bytes, offset + 6, le) };
      }
      need(bytes, offset + 12);
      return { tag, vr, offset, valueOffset: offset + 12, length: readUint32(bytes, offset + 8, le) };
    }
    // Not a VR: the writer switched to implicit VR for this element.
  }
  return { tag, offset, valueOffset: offset + 8, length: readUint32(bytes, offset + 4, le) };
}

/**
 * Where an element's value ends. A value of undefined length is a run of items closed by a
 * sequence delimiter (a sequence, an implicit-VR private sequence, encapsulated pixel data), whose
 * items are skipped; the items of a UN sequence are implicit VR little endian (CP-246).
 */
export function valueEnd(bytes: Uint8Array, element: ElementRef, syntax: DataSetSyntax, depth = 0): number {
  if (element.length !== UNDEFINED_LENGTH) {
    const end = element.valueOffset + element.length;
    if (end > bytes.length) throw new BytesEnded(end);
    return end;
  }
  return skipItems(bytes, element.valueOffset, element.vr === 'UN' ? IMPLICIT_LITTLE : syntax, depth + 1);
}

function skipItems(bytes: Uint8Array, start: number, syntax: DataSetSyntax, depth: number): number {
  if (depth > MAX_DEPTH) throw new MalformedDataSet('sequences nested too deep');
  let at = start;
  for (;;) {
    const item = readElementHeader(bytes, at, syntax);
    if (item.tag === SEQUENCE_DELIMITATION) return item.valueOffset;
    if (item.tag !== ITEM) throw new MalformedDataSet('a sequence holds something other than items');
    if (item.length !== UNDEFINED_LENGTH) {
      at = item.valueOffset + item.length;
      if (at > bytes.length) throw new BytesEnded(at);
    } else {
      at = skipItemElements(bytes, item.valueOffset, syntax, depth);
    }
  }
}

function skipItemElements(bytes: Uint8Array, start: number, syntax: DataSetSyntax, depth: number): number {
  let at = start;
  for (;;) {
    const element = readElementHeader(bytes, at, syntax);
    if (element.tag === ITEM_DELIMITATION) return element.valueOffset;
    if (element.tag === ITEM || element.tag === SEQUENCE_DELIMITATION) {
      throw new MalformedDataSet('an item of undefined length is not closed');
    }
    at = valueEnd(bytes, element, syntax, depth);
  }
}

export interface DataSetWalk {
  /** The top-level elements read, by tag. */
  readonly elements: ReadonlyMap<number, ElementRef>;
  /** Where the walk stopped: the first byte of the element `stopAt` chose, or the end of the bytes. */
  readonly end: number;
  /** The tag of the element the walk stopped before; absent when it read to the end of the bytes. */
  readonly stoppedAt?: number;
}

/**
 * The top-level elements from `start` until an element whose tag `stopAt` chooses (not read) or
 * the end of the bytes. Throws BytesEnded when the bytes end inside an element, MalformedDataSet
 * on an item outside a sequence.
 */
export function walkDataSet(
  bytes: Uint8Array,
  start: number,
  syntax: DataSetSyntax,
  stopAt: (tag: number) => boolean,
): DataSetWalk {
  const elements = new Map<number, ElementRef>();
  let at = start;
  while (at < bytes.length) {
    const tag = peekTag(bytes, at, syntax);
    if (stopAt(tag)) return { elements, end: at, stoppedAt: tag };
    const element = readElementHeader(bytes, at, syntax);
    if (tag >>> 16 === 0xfffe) throw new MalformedDataSet('an item or delimiter outside a sequence');
    at = valueEnd(bytes, element, syntax);
    if (!elements.has(tag)) elements.set(tag, element);
  }
  return { elements, end: at };
}

/**
 * How many of the first elements at `start` (up to four) read as the start of a data set in
 * `syntax`: the first tag in group 0008 or below (every SOP instance has (0008,0016) and
 * (0008,0018)), tags in ascending order, real VRs when explicit, lengths that fit a header.
 * 0 when the first does not. Used to recognise a data set written without the Part 10 preamble, and to
 * read a data set whose meta group names the wrong encoding (as pydicom and dcmtk do).
 */
export function plausibleElements(bytes: Uint8Array, start: number, syntax: DataSetSyntax): number {
  let at = start;
  let previous = -1;
  let count = 0;
  while (count < 4 && at + 8 <= bytes.length) {
    const tag = peekTag(bytes, at, syntax);
    if (count === 0 && tag >>> 16 > 0x0008) return 0;
    // Past the first element, a doubtful one ends the count (a later odd element is read then).
    if (tag <= previous || tag >>> 16 === 0xfffe) return count;
    if (count > 0 && PIXEL_DATA_TAGS.has(tag)) return count + 1;
    if (syntax.explicitVr && !VRS.has(vrAt(bytes, at + 4))) return count;
    if (at + 12 > bytes.length && syntax.explicitVr && LONG_VRS.has(vrAt(bytes, at + 4))) return count;
    const element = readElementHeader(bytes, at, syntax);
    if (element.length === UNDEFINED_LENGTH) return count + 1;
    // A header element longer than 16 MB is not the start of a data set.
    if (element.length > 0x1000000) return count;
    count += 1;
    at = element.valueOffset + element.length;
    previous = tag;
  }
  return count;
}

export interface RawDataSetStart {
  /** A File Meta group (group 0002, explicit VR little endian) comes first. */
  readonly metaGroup: boolean;
  /** The encoding of what comes first: the meta group's, or the data set's. */
  readonly syntax: DataSetSyntax;
}

/**
 * A DICOM data set written without the 128-byte preamble and `DICM` (older PACS exports), with
 * or without its meta group: recognised from its first elements, in group 0002 or 0008. Two
 * elements must read (one when the bytes hold no more) so that other binary files are not taken
 * for DICOM.
 */
export function recogniseRawDataSet(bytes: Uint8Array): RawDataSetStart | undefined {
  const enough = (count: number) => count >= 2 || (count === 1 && bytes.length < 64);
  const groupLe = readUint16(bytes, 0, true);
  if (bytes.length < 8) return undefined;
  if (groupLe === 0x0002 && enough(plausibleElements(bytes, 0, EXPLICIT_LITTLE))) {
    return { metaGroup: true, syntax: EXPLICIT_LITTLE };
  }
  if (groupLe === 0x0008) {
    for (const syntax of [EXPLICIT_LITTLE, IMPLICIT_LITTLE]) {
      if (enough(plausibleElements(bytes, 0, syntax))) return { metaGroup: false, syntax };
    }
  }
  if (readUint16(bytes, 0, false) === 0x0008 && enough(plausibleElements(bytes, 0, EXPLICIT_BIG))) {
    return { metaGroup: false, syntax: EXPLICIT_BIG };
  }
  return undefined;
}

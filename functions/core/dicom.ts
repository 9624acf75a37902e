import { inflateRawSync, inflateSync } from 'node:zlib';
import { decodeDicomText } from './dicom-charset';
import {
  BytesEnded,
  type DataSetSyntax,
  type ElementRef,
  EXPLICIT_BIG,
  EXPLICIT_LITTLE,
  IMPLICIT_LITTLE,
  MalformedDataSet,
  PIXEL_DATA_TAGS,
  plausibleElements,
  readElementHeader,
  readUint16,
  recogniseRawDataSet,
  tagOf,
  UNDEFINED_LENGTH,
  valueEnd,
  walkDataSet,
} from './dicom-elements';

/** How a file departs from the Part 10 layout; absent on a Part 10 file (preamble, `DICM`, meta group). */
export interface DicomEncoding {
  /** The 128-byte preamble and `DICM` marker are there. */
  readonly preamble: boolean;
  /** The File Meta group (0002) is there. */
  readonly metaGroup: boolean;
}

/** What the system keeps from a DICOM header: identifiers and facts, for the imaging index. */
export interface DicomSummary {
  readonly sopClassUid?: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly modality?: string;
  /** YYYY-MM-DD when the header gives a valid date. */
  readonly studyDate?: string;
  readonly bodyPartExamined?: string;
  readonly seriesDescription?: string;
  /** Instance Number (0020,0013): the slice's place in its series, when the header gives an integer. */
  readonly instanceNumber?: number;
  /**
   * The transfer syntax of the data set: the meta group's, or, for a data set without one, the
   * encoding it was read in (implicit LE, explicit LE or explicit BE).
   */
  readonly transferSyntaxUid: string;
  readonly characterSet?: string;
  /** Decoded with the file's own character set, all component groups (`Wang^XiaoDong=王^小東=`); PHI. */
  readonly patientName?: string;
  /** Patient's Birth Date (0010,0030), YYYY-MM-DD when valid; PHI. */
  readonly patientBirthDate?: string;
  /** Patient's Sex (0010,0040): M, F or O. */
  readonly patientSex?: string;
  readonly rows?: number;
  readonly columns?: number;
  /** Present only when the file lacks the preamble or the meta group: it is delivered wrapped as Part 10. */
  readonly encoding?: DicomEncoding;
  /** The data set is deflated (1.2.840.10008.1.2.1.99); it was inflated whole to be read and checked. */
  readonly deflated?: true;
  /**
   * What follows the pixel data header when it goes on past the bytes read: whether the file
   * ends where it should is then checked over the whole stream (DicomTailCheck), or by reading
   * the file whole (validateUploadFromReads does for files up to 1 MB). Not patient data.
   */
  readonly uncheckedTail?: DicomTail;
}

/** Where a data set goes on past the bytes read, after its pixel data header. */
export interface DicomTail {
  /** File offset of the first fragment item (encapsulated pixel data) or of the first element after native pixel data. */
  readonly from: number;
  readonly fragments: boolean;
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
}

export type DicomProblem =
  | 'not_part10'
  | 'unreadable_header'
  | 'header_too_long'
  | 'truncated'
  | 'missing_identifiers'
  | 'dicomdir_only'
  | 'unsupported_transfer_syntax'
  | 'deflated_too_large';

/** A typed failure of the header reader: the only kind of error it throws. */
export class DicomError extends Error {
  constructor(
    readonly problem: DicomProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DicomError';
  }
}

export const TRANSFER_SYNTAXES = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
} as const;

/**
 * The most bytes an upload check reads from the start of a DICOM file: a header that does not
 * end within it is refused, and a deflated file (which can only be checked by inflating it
 * whole) larger than this is refused. The same cap as a PDF read whole, in the same Lambda.
 */
export const MAX_DICOM_READ_BYTES = 32 * 1024 * 1024;
/** What a deflated file may inflate to: the inflated data set is held while it is read. */
const MAX_INFLATED_BYTES = 128 * 1024 * 1024;

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const PREAMBLE_BYTES = 132;

const T = {
  transferSyntax: tagOf(0x0002, 0x0010),
  mediaStorageClass: tagOf(0x0002, 0x0002),
  mediaStorageInstance: tagOf(0x0002, 0x0003),
  characterSet: tagOf(0x0008, 0x0005),
  sopClass: tagOf(0x0008, 0x0016),
  sopInstance: tagOf(0x0008, 0x0018),
  studyDate: tagOf(0x0008, 0x0020),
  modality: tagOf(0x0008, 0x0060),
  seriesDescription: tagOf(0x0008, 0x103e),
  patientName: tagOf(0x0010, 0x0010),
  birthDate: tagOf(0x0010, 0x0030),
  sex: tagOf(0x0010, 0x0040),
  bodyPart: tagOf(0x0018, 0x0015),
  study: tagOf(0x0020, 0x000d),
  series: tagOf(0x0020, 0x000e),
  instanceNumber: tagOf(0x0020, 0x0013),
  rows: tagOf(0x0028, 0x0010),
  columns: tagOf(0x0028, 0x0011),
};

const fail = {
  notDicom: () => new DicomError('not_part10', 'The file is not a DICOM file.'),
  unreadable: () =>
    new DicomError('unreadable_header', 'The file says it is DICOM, but its header cannot be read.'),
  tooLong: () => new DicomError('header_too_long', 'The DICOM header is longer than the part that was read.'),
  truncatedHeader: () =>
    new DicomError('truncated', 'The DICOM file is truncated: it ends inside its header.'),
  truncatedPixels: () =>
    new DicomError('truncated', 'The DICOM file is truncated: its image data is cut short.'),
  truncatedTrailer: () =>
    new DicomError('truncated', 'The DICOM file is truncated: it ends inside the data after its image.'),
  deflatedTooLarge: () =>
    new DicomError(
      'deflated_too_large',
      'The DICOM file is deflated and too large to check; export it uncompressed or in another transfer syntax.',
    ),
};

/** Where the file's parts start, from its first bytes. */
interface Layout {
  readonly preamble: boolean;
  /** Offset of the meta group, when there is one. */
  readonly metaStart?: number;
  /** A data set without meta group: its start (0) and the encoding it was recognised in. */
  readonly rawSyntax?: DataSetSyntax;
}

function layoutOf(head: Uint8Array): Layout | undefined {
  if (head.length >= PREAMBLE_BYTES && String.fromCharCode(...head.subarray(128, 132)) === 'DICM') {
    return { preamble: true, metaStart: PREAMBLE_BYTES };
  }
  const raw = recogniseRawDataSet(head);
  if (!raw) return undefined;
  return raw.metaGroup ? { preamble: false, metaStart: 0 } : { preamble: false, rawSyntax: raw.syntax };
}

/**
 * Reads a DICOM header from the first bytes of a file (a Part 10 file, or a data set written
 * without preamble and meta group) up to Pixel Data, and checks it against the file's real
 * size. Never reads past `head` and never needs the pixel data itself. Throws only DicomError:
 * `header_too_long` when `head` ends before the header does and the file goes on (read more and
 * call again), `truncated` when the file itself ends inside its header or its native pixel data.
 * A deflated data set is inflated whole: it asks for the whole file (`header_too_long`) up to
 * MAX_DICOM_READ_BYTES, and a deflate stream that ends early is `truncated`.
 */
export function readDicomHeader(head: Uint8Array, fileSize: number): DicomSummary {
  const size = Math.max(fileSize, head.length);
  const layout = layoutOf(head);
  if (!layout) throw fail.notDicom();
  try {
    return readLaidOut(head, size, layout);
  } catch (error) {
    if (error instanceof DicomError) throw error;
    if (error instanceof BytesEnded) throw ended(error, head.length, size);
    if (error instanceof MalformedDataSet) throw fail.unreadable();
    throw error;
  }
}

/** The bytes given ended inside an element: the caller may read more, or the file is cut. */
function ended(error: BytesEnded, readLength: number, fileSize: number): DicomError {
  if (error.declaredEnd !== undefined && error.declaredEnd > fileSize) return fail.truncatedHeader();
  return readLength < fileSize ? fail.tooLong() : fail.truncatedHeader();
}

function readLaidOut(head: Uint8Array, size: number, layout: Layout): DicomSummary {
  let meta: Texts = () => undefined;
  let dataSetStart = 0;
  let metaGroup = false;
  if (layout.metaStart !== undefined) {
    const walk = walkDataSet(head, layout.metaStart, EXPLICIT_LITTLE, (tag) => tag >>> 16 !== 0x0002);
    if (walk.stoppedAt === undefined) throw head.length < size ? fail.tooLong() : fail.truncatedHeader();
    meta = texts(head, walk.elements);
    dataSetStart = walk.end;
    metaGroup = walk.elements.size > 0;
  }
  const mediaStorageClass = meta(T.mediaStorageClass);
  if (mediaStorageClass === DICOMDIR_SOP_CLASS) throw dicomdirOnly();
  const declared = meta(T.transferSyntax);
  const encoding = layout.preamble && metaGroup ? undefined : { preamble: layout.preamble, metaGroup };

  if (declared === TRANSFER_SYNTAXES.deflated) {
    const inflated = inflateWhole(head, size, dataSetStart);
    const summary = readInflated(inflated, meta, declared);
    return { ...summary, ...(encoding ? { encoding } : {}), deflated: true };
  }
  const syntax = layout.rawSyntax ?? chooseSyntax(head, dataSetStart, syntaxOf(declared));
  const transferSyntaxUid = declared || uidOf(syntax);
  const summary = readDataSet(head, dataSetStart, size, syntax, meta, transferSyntaxUid);
  return { ...summary, ...(encoding ? { encoding } : {}) };
}

/** The deflated data set after the meta group, inflated whole (PS3.5 A.5: raw deflate, RFC 1951). */
function inflateWhole(head: Uint8Array, size: number, start: number): Uint8Array {
  if (size > MAX_DICOM_READ_BYTES) throw fail.deflatedTooLarge();
  if (head.length < size) throw fail.tooLong();
  const stream = head.subarray(start);
  const inflate = (zlibHeader: boolean) =>
    (zlibHeader ? inflateSync : inflateRawSync)(stream, { maxOutputLength: MAX_INFLATED_BYTES });
  try {
    return inflate(false);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw fail.deflatedTooLarge();
    if (code === 'Z_BUF_ERROR') throw fail.truncatedHeader();
    // Some writers put a zlib header before the stream (0x78 = deflate, 32 KB window).
    if (stream[0] === 0x78) {
      try {
        return inflate(true);
      } catch (retry) {
        const retryCode = (retry as { code?: string }).code;
        if (retryCode === 'ERR_BUFFER_TOO_LARGE') throw fail.deflatedTooLarge();
        if (retryCode === 'Z_BUF_ERROR') throw fail.truncatedHeader();
      }
    }
    throw fail.unreadable();
  }
}

/** The inflated data set is the whole of it: every shortfall is a truncation. */
function readInflated(inflated: Uint8Array, meta: Texts, transferSyntaxUid: string): DicomSummary {
  try {
    const syntax = chooseSyntax(inflated, 0, EXPLICIT_LITTLE);
    return readDataSet(inflated, 0, inflated.length, syntax, meta, transferSyntaxUid);
  } catch (error) {
    if (error instanceof BytesEnded) throw fail.truncatedHeader();
    throw error;
  }
}

function syntaxOf(transferSyntaxUid: string | undefined): DataSetSyntax | undefined {
  if (transferSyntaxUid === TRANSFER_SYNTAXES.implicitLittle) return IMPLICIT_LITTLE;
  if (transferSyntaxUid === TRANSFER_SYNTAXES.explicitBig) return EXPLICIT_BIG;
  // Every other transfer syntax (the compressed ones) is explicit VR little endian.
  return transferSyntaxUid ? EXPLICIT_LITTLE : undefined;
}

function uidOf(syntax: DataSetSyntax): string {
  if (!syntax.explicitVr) return TRANSFER_SYNTAXES.implicitLittle;
  return syntax.littleEndian ? TRANSFER_SYNTAXES.explicitLittle : TRANSFER_SYNTAXES.explicitBig;
}

/**
 * The encoding the data set is really in: the declared one when its first elements read in it,
 * otherwise the one they read in (writers that name implicit VR and write explicit, or the
 * reverse, are read by dcmtk and pydicom alike). Explicit is tried before implicit: an implicit
 * data set never reads as explicit, while the reverse can happen.
 */
function chooseSyntax(bytes: Uint8Array, start: number, declared: DataSetSyntax | undefined): DataSetSyntax {
  const candidates =
    declared?.explicitVr === true
      ? [declared, declared === EXPLICIT_BIG ? EXPLICIT_LITTLE : EXPLICIT_BIG, IMPLICIT_LITTLE]
      : [EXPLICIT_LITTLE, EXPLICIT_BIG, IMPLICIT_LITTLE];
  return (
    candidates.find((syntax) => plausibleElements(bytes, start, syntax) > 0) ?? declared ?? IMPLICIT_LITTLE
  );
}

type Texts = (tag: number) => string | undefined;

/** Text values of the elements read, in the default repertoire (UIDs, codes, dates), trimmed. */
function texts(bytes: Uint8Array, elements: ReadonlyMap<number, ElementRef>): Texts {
  return (tag) => {
    const value = elementValue(bytes, elements, tag);
    return value ? trimValue(latin1(value)) || undefined : undefined;
  };
}

function elementValue(
  bytes: Uint8Array,
  elements: ReadonlyMap<number, ElementRef>,
  tag: number,
): Uint8Array | undefined {
  const element = elements.get(tag);
  if (!element || element.length === UNDEFINED_LENGTH || element.length === 0) return undefined;
  // The walk checked that every element it kept lies within the bytes.
  return bytes.subarray(element.valueOffset, element.valueOffset + element.length);
}

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(0, 1024));
const trimValue = (value: string) => value.replace(/[\0 ]+$/g, '').trim();

const dicomdirOnly = () =>
  new DicomError(
    'dicomdir_only',
    'This is the disc’s DICOMDIR index without the images; upload the images, or the whole disc as a .zip.',
  );

function readDataSet(
  bytes: Uint8Array,
  start: number,
  size: number,
  syntax: DataSetSyntax,
  meta: Texts,
  transferSyntaxUid: string,
): DicomSummary {
  const walk = walkDataSet(bytes, start, syntax, (tag) => PIXEL_DATA_TAGS.has(tag));
  let uncheckedTail: DicomTail | undefined;
  const text = texts(bytes, walk.elements);
  const sopClassUid = text(T.sopClass) ?? meta(T.mediaStorageClass);
  if (sopClassUid === DICOMDIR_SOP_CLASS) throw dicomdirOnly();
  if (walk.stoppedAt !== undefined) {
    uncheckedTail = checkPixelData(bytes, readElementHeader(bytes, walk.end, syntax), size, syntax);
  } else if (bytes.length < size) {
    // No pixel data yet and the file goes on: the header is not over.
    throw fail.tooLong();
  }
  // A file that ends between two elements before any pixel data reads as a complete data set:
  // real files do carry an image description without pixels (dcmtk and pydicom read them so).
  const sopInstanceUid = text(T.sopInstance) ?? meta(T.mediaStorageInstance);
  const studyInstanceUid = text(T.study);
  const seriesInstanceUid = text(T.series);
  if (!sopInstanceUid || !studyInstanceUid || !seriesInstanceUid) {
    throw new DicomError(
      'missing_identifiers',
      'The DICOM file has no study, series or instance identifier.',
    );
  }
  const characterSet = text(T.characterSet);
  const decoded = (tag: number, vr: 'PN' | 'LO') => {
    const value = elementValue(bytes, walk.elements, tag);
    return value ? decodeDicomText(value, characterSet, vr) || undefined : undefined;
  };
  const unsigned = (tag: number) => {
    const value = elementValue(bytes, walk.elements, tag);
    return value && value.length >= 2 ? readUint16(value, 0, syntax.littleEndian) : undefined;
  };
  return {
    ...(sopClassUid ? { sopClassUid } : {}),
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    ...optional('modality', text(T.modality)),
    ...optional('studyDate', isoDate(text(T.studyDate))),
    ...optional('bodyPartExamined', text(T.bodyPart)),
    ...optional('seriesDescription', decoded(T.seriesDescription, 'LO')),
    ...optional('instanceNumber', integerString(text(T.instanceNumber))),
    transferSyntaxUid,
    ...optional('characterSet', characterSet),
    ...optional('patientName', decoded(T.patientName, 'PN')),
    ...optional('patientBirthDate', isoDate(text(T.birthDate))),
    ...optional('patientSex', sexOf(text(T.sex))),
    ...optional('rows', unsigned(T.rows)),
    ...optional('columns', unsigned(T.columns)),
    ...optional('uncheckedTail', uncheckedTail),
  };
}

/**
 * The data set must end where the file does. Native pixel data must fit in the file; encapsulated
 * pixel data (undefined length) is a run of fragment items closed by a sequence delimiter, walked
 * as far as the bytes read go; what follows (trailing padding, signatures) must be whole
 * elements. A fragment or element that runs past the file, or a file that ends inside them, is a
 * truncation. What goes on past the bytes read (a large file read in part) is returned, to be
 * checked over the whole stream.
 */
function checkPixelData(
  bytes: Uint8Array,
  pixelData: ElementRef,
  size: number,
  syntax: DataSetSyntax,
): DicomTail | undefined {
  const tail = (from: number, fragments: boolean): DicomTail => ({ from, fragments, ...syntax });
  let after: number;
  if (pixelData.length !== UNDEFINED_LENGTH) {
    after = pixelData.valueOffset + pixelData.length;
    if (after > size) throw fail.truncatedPixels();
  } else {
    try {
      after = valueEnd(bytes, pixelData, syntax);
    } catch (error) {
      if (!(error instanceof BytesEnded)) throw error;
      const pastFile = error.declaredEnd !== undefined && error.declaredEnd > size;
      if (pastFile || bytes.length >= size) throw fail.truncatedPixels();
      return tail(pixelData.valueOffset, true);
    }
  }
  if (after >= size) return undefined;
  if (bytes.length < size) return tail(after, false);
  try {
    walkDataSet(bytes, after, syntax, () => false);
  } catch (error) {
    if (error instanceof BytesEnded) throw fail.truncatedTrailer();
    throw error;
  }
  return undefined;
}

function isoDate(value: string | undefined): string | undefined {
  // DA is YYYYMMDD; ACR-NEMA files wrote YYYY.MM.DD, which dcmtk still reads.
  const match = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : undefined;
}

function sexOf(value: string | undefined): string | undefined {
  const code = value?.toUpperCase();
  return code === 'M' || code === 'F' || code === 'O' ? code : undefined;
}

/** An IS (integer string) value, or nothing when it is not a safe integer. */
function integerString(value: string | undefined): number | undefined {
  if (value === undefined || !/^[+-]?\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

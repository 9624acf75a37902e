import { TextDecoder } from 'node:util';
import dicomParser from 'dicom-parser';

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
  readonly transferSyntaxUid: string;
  readonly characterSet?: string;
  /** Decoded with the file's own character set; PHI, stored with the document, never logged. */
  readonly patientName?: string;
  readonly rows?: number;
  readonly columns?: number;
}

export type DicomProblem =
  | 'not_part10'
  | 'unreadable_header'
  | 'header_too_long'
  | 'truncated'
  | 'missing_identifiers'
  | 'dicomdir_only'
  | 'unsupported_transfer_syntax';

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

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const DEFLATED_TRANSFER_SYNTAX = '1.2.840.10008.1.2.1.99';

/** SpecificCharacterSet (0008,0005) -> a TextDecoder label; the default repertoire is ASCII. */
function decoderFor(characterSet: string | undefined): TextDecoder {
  const first =
    (characterSet ?? '')
      .split('\\')
      .find((value) => value.trim() !== '')
      ?.trim() ?? '';
  const labels: Record<string, string> = {
    '': 'latin1',
    ISO_IR_6: 'latin1',
    'ISO_IR 6': 'latin1',
    'ISO_IR 100': 'latin1',
    'ISO 2022 IR 100': 'latin1',
    'ISO_IR 192': 'utf-8',
    GB18030: 'gb18030',
    GBK: 'gbk',
    'ISO_IR 101': 'iso-8859-2',
    'ISO_IR 144': 'iso-8859-5',
    'ISO_IR 127': 'iso-8859-6',
    'ISO_IR 126': 'iso-8859-7',
    'ISO_IR 138': 'iso-8859-8',
    'ISO_IR 148': 'iso-8859-9',
    'ISO_IR 13': 'shift_jis',
    'ISO_IR 166': 'windows-874',
  };
  return new TextDecoder(labels[first] ?? 'latin1');
}

const trimValue = (value: string) => value.replace(/[\0 ]+$/g, '').trim();

function parseError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'exception' in error)
    return String((error as { exception: unknown }).exception);
  return error instanceof Error ? error.message : 'unknown';
}

function isoDate(value: string | undefined): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? undefined : iso;
}

/**
 * Reads a DICOM Part 10 header from the first bytes of a file (preamble, `DICM`, meta group,
 * data set up to PixelData) and checks it against the file's real size. Never needs the pixel
 * data itself. Throws only DicomError.
 */
export function readDicomHeader(head: Uint8Array, fileSize: number): DicomSummary {
  if (
    head.length < 132 ||
    head[128] !== 0x44 ||
    head[129] !== 0x49 ||
    head[130] !== 0x43 ||
    head[131] !== 0x4d
  ) {
    throw new DicomError('not_part10', 'The file is not a DICOM Part 10 file (no preamble and DICM marker).');
  }
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(head, { untilTag: 'x7fe00010' });
  } catch (error) {
    const reason = parseError(error);
    if (/buffer overrun|end of buffer/i.test(reason)) {
      if (head.length < fileSize) {
        throw new DicomError('header_too_long', 'The DICOM header is longer than the part that was read.');
      }
      throw new DicomError('truncated', 'The DICOM file is truncated: it ends inside its header.');
    }
    throw new DicomError('unreadable_header', 'The file says it is DICOM, but its header cannot be read.');
  }
  const text = (tag: string) => {
    let value: string | undefined;
    try {
      value = dataSet.string(tag);
    } catch {
      // An element whose declared length runs past the bytes read: the header is damaged.
      throw new DicomError('unreadable_header', 'The file says it is DICOM, but its header cannot be read.');
    }
    return value === undefined ? undefined : trimValue(value) || undefined;
  };
  const transferSyntaxUid = text('x00020010') ?? '';
  const mediaStorageClass = text('x00020002');
  const sopClassUid = text('x00080016') ?? mediaStorageClass;
  if (mediaStorageClass === DICOMDIR_SOP_CLASS || sopClassUid === DICOMDIR_SOP_CLASS) {
    throw new DicomError(
      'dicomdir_only',
      'This is the disc’s DICOMDIR index without the images; upload the images, or the whole disc as a .zip.',
    );
  }
  if (transferSyntaxUid === DEFLATED_TRANSFER_SYNTAX) {
    throw new DicomError(
      'unsupported_transfer_syntax',
      'Deflated DICOM files are not supported; export them uncompressed.',
    );
  }
  const sopInstanceUid = text('x00080018') ?? text('x00020003');
  const studyInstanceUid = text('x0020000d');
  const seriesInstanceUid = text('x0020000e');
  if (!sopInstanceUid || !studyInstanceUid || !seriesInstanceUid) {
    throw new DicomError(
      'missing_identifiers',
      'The DICOM file has no study, series or instance identifier.',
    );
  }

  const pixelData = dataSet.elements.x7fe00010;
  // Undefined length (encapsulated pixel data) cannot be checked from the header alone.
  if (pixelData && pixelData.length !== 0xffffffff && !pixelData.hadUndefinedLength) {
    if (pixelData.dataOffset + pixelData.length > fileSize) {
      throw new DicomError('truncated', 'The DICOM file is truncated: its image data is cut short.');
    }
  }

  const characterSet = text('x00080005');
  const nameElement = dataSet.elements.x00100010;
  const patientName =
    nameElement && nameElement.length > 0 && nameElement.dataOffset + nameElement.length <= head.length
      ? trimValue(
          decoderFor(characterSet).decode(
            head.subarray(nameElement.dataOffset, nameElement.dataOffset + nameElement.length),
          ),
        ) || undefined
      : undefined;

  return {
    ...(sopClassUid ? { sopClassUid } : {}),
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    ...optional('modality', text('x00080060')),
    ...optional('studyDate', isoDate(text('x00080020'))),
    ...optional('bodyPartExamined', text('x00180015')),
    ...optional('seriesDescription', text('x0008103e')),
    ...optional('instanceNumber', integerString(text('x00200013'))),
    transferSyntaxUid,
    ...optional('characterSet', characterSet),
    ...optional('patientName', patientName),
    ...optional(
      'rows',
      number(() => dataSet.uint16('x00280010')),
    ),
    ...optional(
      'columns',
      number(() => dataSet.uint16('x00280011')),
    ),
  };
}

/** An IS (integer string) value, or nothing when it is not a safe integer. */
function integerString(value: string | undefined): number | undefined {
  if (value === undefined || !/^[+-]?\d{1,12}$/.test(value)) return undefined;
  return Number(value);
}

/** A numeric element, or nothing when it cannot be read. */
function number(read: () => number | undefined): number | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

import { type DicomSummary, TRANSFER_SYNTAXES } from './dicom';

/**
 * What turns a DICOM data set written without the Part 10 preamble (older PACS exports) into a
 * Part 10 file every viewer opens (PS3.10 §7.1): `part10Prefix(summary)` followed by the original
 * bytes from `dataSetOffset(summary)` is that file. The data set itself is never rewritten.
 */

/**
 * Implementation Class UID (0002,0012) of what this system writes: a UUID-derived UID (PS3.5
 * B.2), 2.25 followed by the decimal value of the fixed UUID 61a14789-c9ab-418d-bf60-4c67f3288f7c.
 */
export const IMPLEMENTATION_CLASS_UID = '2.25.129772526353114593500523912717455101820';
/** Implementation Version Name (0002,0013), SH: at most 16 characters. */
export const IMPLEMENTATION_VERSION_NAME = 'OSO_PART10_WRAP1';

/**
 * Media Storage SOP Class (0002,0002) for a data set that names no SOP Class: Type 1, so it must
 * have a value; Secondary Capture Image Storage is the class for an image of unstated origin,
 * which viewers open by its pixel description. The data set (and its Modality) is unchanged.
 */
export const FALLBACK_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.7';

const PREAMBLE_BYTES = 128;
const DICM = [0x44, 0x49, 0x43, 0x4d];

/** Whether the file must be delivered wrapped: it lacks the preamble or the meta group. */
export function needsPart10Wrap(summary: DicomSummary): boolean {
  return summary.encoding !== undefined && !(summary.encoding.preamble && summary.encoding.metaGroup);
}

/**
 * Where the original's bytes to keep start: after a preamble and `DICM` that have no meta group
 * behind them (the prefix brings both again), otherwise at 0.
 */
export function dataSetOffset(summary: DicomSummary): number {
  return summary.encoding?.preamble ? PREAMBLE_BYTES + DICM.length : 0;
}

/**
 * The bytes to write before the original's data set: 128 zero bytes, `DICM`, and, when the data
 * set has no meta group, a File Meta group in explicit VR little endian naming the data set's
 * SOP Class and Instance and the transfer syntax it was read in. Throws on a Part 10 file.
 */
export function part10Prefix(summary: DicomSummary): Uint8Array {
  if (!needsPart10Wrap(summary)) throw new Error('the file is already a Part 10 file');
  const preamble = Buffer.concat([Buffer.alloc(PREAMBLE_BYTES), Buffer.from(DICM)]);
  if (summary.encoding?.metaGroup) return new Uint8Array(preamble);
  const elements = Buffer.concat([
    element(0x0001, 'OB', Buffer.from([0x00, 0x01])),
    element(0x0002, 'UI', uid(summary.sopClassUid ?? FALLBACK_SOP_CLASS_UID)),
    element(0x0003, 'UI', uid(summary.sopInstanceUid)),
    element(0x0010, 'UI', uid(wrappedTransferSyntax(summary.transferSyntaxUid))),
    element(0x0012, 'UI', uid(IMPLEMENTATION_CLASS_UID)),
    element(0x0013, 'SH', shortString(IMPLEMENTATION_VERSION_NAME)),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(elements.length);
  return new Uint8Array(Buffer.concat([preamble, element(0x0000, 'UL', groupLength), elements]));
}

/** A data set without meta group can only be in one of the three uncompressed encodings. */
function wrappedTransferSyntax(transferSyntaxUid: string): string {
  const known: readonly string[] = [
    TRANSFER_SYNTAXES.implicitLittle,
    TRANSFER_SYNTAXES.explicitLittle,
    TRANSFER_SYNTAXES.explicitBig,
  ];
  if (!known.includes(transferSyntaxUid)) {
    throw new Error('a data set without meta group is in implicit LE, explicit LE or explicit BE');
  }
  return transferSyntaxUid;
}

/** UI values are padded to even length with NUL (PS3.5 §6.2). */
const uid = (value: string) => Buffer.from(value.length % 2 ? `${value}\0` : value, 'latin1');
/** Other strings with a space. */
const shortString = (value: string) => Buffer.from(value.length % 2 ? `${value} ` : value, 'latin1');

/** A group 0002 element in explicit VR little endian (OB has the long form). */
function element(elementNumber: number, vr: 'OB' | 'UI' | 'UL' | 'SH', value: Buffer): Buffer {
  const long = vr === 'OB';
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(0x0002, 0);
  header.writeUInt16LE(elementNumber, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

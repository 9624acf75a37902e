import { type DataSet, type Element, parseDicom } from 'dicom-parser';
import { decodeDicomText } from './charset';

/** What the viewer needs of one instance's header: grouping, ordering, display defaults. */
export interface InstanceHeader {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly seriesDescription: string;
  readonly seriesNumber: number | undefined;
  readonly studyDescription: string;
  /** YYYYMMDD, or empty. */
  readonly studyDate: string;
  readonly modality: string;
  readonly patientName: string;
  readonly instanceNumber: number | undefined;
  readonly imagePosition: readonly number[] | undefined;
  readonly imageOrientation: readonly number[] | undefined;
  readonly transferSyntaxUid: string;
  readonly hasPixels: boolean;
  readonly window: { readonly center: number; readonly width: number } | undefined;
}

/** One row of the header table. */
export interface TagRow {
  readonly tag: string;
  readonly name: string;
  readonly vr: string;
  readonly value: string;
}

/** Names (and VRs, for implicit-VR files) of the tags a reader of a CT/MR header looks for. */
const dictionary: Record<string, readonly [string, string]> = {
  x00020010: ['Transfer Syntax UID', 'UI'],
  x00020002: ['Media Storage SOP Class UID', 'UI'],
  x00020003: ['Media Storage SOP Instance UID', 'UI'],
  x00020012: ['Implementation Class UID', 'UI'],
  x00020013: ['Implementation Version Name', 'SH'],
  x00080005: ['Specific Character Set', 'CS'],
  x00080008: ['Image Type', 'CS'],
  x00080016: ['SOP Class UID', 'UI'],
  x00080018: ['SOP Instance UID', 'UI'],
  x00080020: ['Study Date', 'DA'],
  x00080021: ['Series Date', 'DA'],
  x00080022: ['Acquisition Date', 'DA'],
  x00080023: ['Content Date', 'DA'],
  x00080030: ['Study Time', 'TM'],
  x00080031: ['Series Time', 'TM'],
  x00080033: ['Content Time', 'TM'],
  x00080050: ['Accession Number', 'SH'],
  x00080060: ['Modality', 'CS'],
  x00080064: ['Conversion Type', 'CS'],
  x00080070: ['Manufacturer', 'LO'],
  x00080080: ['Institution Name', 'LO'],
  x00080090: ["Referring Physician's Name", 'PN'],
  x00081030: ['Study Description', 'LO'],
  x0008103e: ['Series Description', 'LO'],
  x00081090: ["Manufacturer's Model Name", 'LO'],
  x00100010: ["Patient's Name", 'PN'],
  x00100020: ['Patient ID', 'LO'],
  x00100030: ["Patient's Birth Date", 'DA'],
  x00100040: ["Patient's Sex", 'CS'],
  x00101010: ["Patient's Age", 'AS'],
  x00180015: ['Body Part Examined', 'CS'],
  x00180050: ['Slice Thickness', 'DS'],
  x00180060: ['KVP', 'DS'],
  x00181151: ['X-Ray Tube Current', 'IS'],
  x00185100: ['Patient Position', 'CS'],
  x0020000d: ['Study Instance UID', 'UI'],
  x0020000e: ['Series Instance UID', 'UI'],
  x00200010: ['Study ID', 'SH'],
  x00200011: ['Series Number', 'IS'],
  x00200012: ['Acquisition Number', 'IS'],
  x00200013: ['Instance Number', 'IS'],
  x00200032: ['Image Position (Patient)', 'DS'],
  x00200037: ['Image Orientation (Patient)', 'DS'],
  x00200052: ['Frame of Reference UID', 'UI'],
  x00201041: ['Slice Location', 'DS'],
  x00280002: ['Samples per Pixel', 'US'],
  x00280004: ['Photometric Interpretation', 'CS'],
  x00280006: ['Planar Configuration', 'US'],
  x00280008: ['Number of Frames', 'IS'],
  x00280010: ['Rows', 'US'],
  x00280011: ['Columns', 'US'],
  x00280030: ['Pixel Spacing', 'DS'],
  x00280100: ['Bits Allocated', 'US'],
  x00280101: ['Bits Stored', 'US'],
  x00280102: ['High Bit', 'US'],
  x00280103: ['Pixel Representation', 'US'],
  x00281050: ['Window Center', 'DS'],
  x00281051: ['Window Width', 'DS'],
  x00281052: ['Rescale Intercept', 'DS'],
  x00281053: ['Rescale Slope', 'DS'],
  x00281054: ['Rescale Type', 'LO'],
  x00282110: ['Lossy Image Compression', 'CS'],
  x7fe00010: ['Pixel Data', 'OW'],
};

/** Transfer syntaxes by UID, for the table and the toolbar. */
export const transferSyntaxNames: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless (Process 14, SV1)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** VRs whose text follows (0008,0005); the others are ASCII by definition. */
const characterSetVrs = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);
const textVrs = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UI', 'UR', ...characterSetVrs]);

/** Parses a Part 10 file's header (everything but the pixel data's content). */
export function parseHeader(bytes: Uint8Array): DataSet {
  return parseDicom(bytes);
}

function rawBytes(dataSet: DataSet, element: Element): Uint8Array {
  return dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
}

/** A text element's value, decoded in the dataset's character set, without trailing padding. */
export function textValue(dataSet: DataSet, tag: string, characterSet?: string): string {
  const element = dataSet.elements[tag];
  if (!element || element.length === 0) return '';
  const vr = element.vr ?? dictionary[tag]?.[1] ?? 'UN';
  const bytes = rawBytes(dataSet, element);
  const text = characterSetVrs.has(vr)
    ? decodeDicomText(bytes, characterSet ?? dataSet.string('x00080005'))
    : String.fromCharCode(...bytes);
  return text.replace(/[\0 ]+$/, '').trim();
}

function numbers(dataSet: DataSet, tag: string): number[] | undefined {
  const text = textValue(dataSet, tag);
  if (!text) return undefined;
  const values = text.split('\\').map(Number);
  return values.every(Number.isFinite) ? values : undefined;
}

export function instanceHeader(dataSet: DataSet): InstanceHeader {
  const center = numbers(dataSet, 'x00281050')?.[0];
  const width = numbers(dataSet, 'x00281051')?.[0];
  const characterSet = dataSet.string('x00080005');
  return {
    studyInstanceUid: textValue(dataSet, 'x0020000d'),
    seriesInstanceUid: textValue(dataSet, 'x0020000e'),
    sopInstanceUid: textValue(dataSet, 'x00080018'),
    seriesDescription: textValue(dataSet, 'x0008103e', characterSet),
    seriesNumber: numbers(dataSet, 'x00200011')?.[0],
    studyDescription: textValue(dataSet, 'x00081030', characterSet),
    studyDate: textValue(dataSet, 'x00080020'),
    modality: textValue(dataSet, 'x00080060'),
    patientName: textValue(dataSet, 'x00100010', characterSet),
    instanceNumber: numbers(dataSet, 'x00200013')?.[0],
    imagePosition: numbers(dataSet, 'x00200032'),
    imageOrientation: numbers(dataSet, 'x00200037'),
    transferSyntaxUid: textValue(dataSet, 'x00020010'),
    hasPixels: dataSet.elements.x7fe00010 !== undefined,
    window: center !== undefined && width !== undefined && width > 0 ? { center, width } : undefined,
  };
}

const formatTag = (tag: string) => `(${tag.slice(1, 5)},${tag.slice(5, 9)})`.toUpperCase();

function binaryValue(dataSet: DataSet, element: Element, vr: string): string {
  const count = (size: number) => Math.min(16, Math.floor(element.length / size));
  const read = (size: number, at: (index: number) => number | undefined) => {
    const values = Array.from({ length: count(size) }, (_, index) => at(index));
    return `${values.join('\\')}${element.length / size > 16 ? '\\…' : ''}`;
  };
  switch (vr) {
    case 'US':
      return read(2, (index) => dataSet.uint16(element.tag, index));
    case 'SS':
      return read(2, (index) => dataSet.int16(element.tag, index));
    case 'UL':
      return read(4, (index) => dataSet.uint32(element.tag, index));
    case 'SL':
      return read(4, (index) => dataSet.int32(element.tag, index));
    case 'FL':
      return read(4, (index) => dataSet.float(element.tag, index));
    case 'FD':
      return read(8, (index) => dataSet.double(element.tag, index));
    default:
      return `${element.length} bytes`;
  }
}

/** Every top-level element of the dataset, in tag order, values decoded for reading. */
export function tagRows(dataSet: DataSet): TagRow[] {
  const characterSet = dataSet.string('x00080005');
  return Object.keys(dataSet.elements)
    .sort()
    .map((tag) => {
      const element = dataSet.elements[tag]!;
      const known = dictionary[tag];
      const vr = element.vr ?? known?.[1] ?? '';
      let value: string;
      if (element.items) value = `(${element.items.length} items)`;
      else if (tag === 'x7fe00010')
        value = element.encapsulatedPixelData ? 'encapsulated' : `${element.length} bytes`;
      else if (textVrs.has(vr)) value = textValue(dataSet, tag, characterSet);
      else value = binaryValue(dataSet, element, vr);
      if (tag === 'x00020010' && transferSyntaxNames[value])
        value = `${value} (${transferSyntaxNames[value]})`;
      return {
        tag: formatTag(tag),
        name: known?.[0] ?? (Number.parseInt(tag.slice(1, 5), 16) % 2 === 1 ? 'Private' : ''),
        vr,
        value: value.length > 200 ? `${value.slice(0, 200)}…` : value,
      };
    });
}

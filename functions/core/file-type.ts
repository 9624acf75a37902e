import type { FileKind } from './checklist';
import { recogniseRawDataSet } from './dicom-elements';

/** How many leading bytes the validator reads: enough for a DICOM preamble and header. */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length &&
  signature.every((value, index) => bytes[offset + index] === value);

/** `%PDF-` */
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
/** `DICM` after the 128-byte preamble (DICOM PS3.10 file format). */
const DICM = [0x44, 0x49, 0x43, 0x4d];
/** `PK\x03\x04`: a ZIP archive's first local file header. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/**
 * The real kind of a file from its first bytes, or undefined when it is none the system accepts.
 * Strict on purpose: a PDF must begin with its header, so HTML or text renamed .pdf is refused,
 * and DICOM without its preamble is recognised only from data elements that read as a header.
 */
export function detectFileKind(head: Uint8Array): FileKind | undefined {
  if (startsWith(head, DICM, 128)) return 'dicom';
  if (startsWith(head, PNG)) return 'png';
  if (startsWith(head, JPEG)) return 'jpeg';
  if (startsWith(head, PDF)) return 'pdf';
  if (startsWith(head, ZIP)) return 'zip';
  // Older PACS exports: a data set (with or without its meta group) but no preamble and `DICM`.
  if (recogniseRawDataSet(head)) return 'dicom';
  return undefined;
}

export function describeKind(kind: FileKind): string {
  switch (kind) {
    case 'pdf':
      return 'a PDF document';
    case 'dicom':
      return 'a DICOM image';
    case 'jpeg':
      return 'a JPEG image';
    case 'png':
      return 'a PNG image';
    case 'zip':
      return 'a ZIP archive';
  }
}

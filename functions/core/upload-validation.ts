import type { CaseRecord, DocumentRecord } from './case/record';
import { checklistItem, contentTypeOfKind, type FileKind } from './checklist';
import { DicomError, type DicomSummary, readDicomHeader } from './dicom';
import { describeKind, detectFileKind } from './file-type';
import { ImageError, type ImageSummary, readJpegHeader, readPngHeader } from './image-header';

export type UploadVerdict =
  | {
      readonly accepted: true;
      readonly kind: FileKind;
      readonly dicom?: DicomSummary;
      readonly image?: ImageSummary;
    }
  | { readonly accepted: false; readonly code: string; readonly reason: string };

const reject = (code: string, reason: string): UploadVerdict => ({ accepted: false, code, reason });

/**
 * Decides whether an uploaded file is what it claims to be, from its real size and first
 * bytes. Reasons are plain English for the patient and never quote the file's content.
 */
export function validateUpload(input: {
  record: CaseRecord;
  document: DocumentRecord;
  size: number;
  head: Uint8Array;
}): UploadVerdict {
  const { record, document, size, head } = input;
  if (size === 0) return reject('empty', 'The file arrived empty.');
  if (size > document.declaredSize) {
    return reject('size_mismatch', 'The file is larger than the size announced before the upload.');
  }
  const kind = detectFileKind(head);
  if (!kind) {
    // A file that starts at group 0002 or 0008 is DICOM written without the Part 10 preamble.
    if ((head[0] === 0x02 || head[0] === 0x08) && head[1] === 0x00 && (head[2] ?? 0) < 0x20) {
      return reject(
        'dicom_without_preamble',
        'The file is DICOM without its 128-byte preamble and DICM marker; export it as a DICOM Part 10 file.',
      );
    }
    return reject('unknown_type', 'The file is not a PDF, DICOM, JPEG or PNG file.');
  }
  const item = checklistItem(record.cancerType, document.itemId);
  if (!item.accepts.includes(kind)) {
    return reject(
      'not_accepted_for_item',
      `The file is ${describeKind(kind)}, which ${item.title.toLowerCase()} does not accept.`,
    );
  }
  if (contentTypeOfKind[kind] !== document.contentType) {
    return reject(
      'type_mismatch',
      `The file is ${describeKind(kind)}, but it was announced as ${document.contentType}.`,
    );
  }
  if (kind === 'dicom') {
    try {
      return { accepted: true, kind, dicom: readDicomHeader(head, size) };
    } catch (error) {
      if (error instanceof DicomError) return reject(`dicom_${error.problem}`, error.message);
      throw error;
    }
  }
  if (kind === 'png' || kind === 'jpeg') {
    try {
      return { accepted: true, kind, image: kind === 'png' ? readPngHeader(head) : readJpegHeader(head) };
    } catch (error) {
      if (error instanceof ImageError) return reject('image_damaged', error.message);
      throw error;
    }
  }
  return { accepted: true, kind };
}

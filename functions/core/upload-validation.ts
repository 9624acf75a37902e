import type { CaseRecord, DocumentRecord } from './case/record';
import { checklistItem, contentTypeOfKind, type FileKind } from './checklist';
import { DicomError, type DicomSummary, MAX_DICOM_READ_BYTES, readDicomHeader } from './dicom';
import { describeKind, detectFileKind, SNIFF_BYTES } from './file-type';
import { ImageError, type ImageSummary, readJpegHeader, readPngHeader } from './image-header';
import type { RejectionCode } from './server-messages';

export type UploadVerdict =
  | {
      readonly accepted: true;
      readonly kind: FileKind;
      readonly dicom?: DicomSummary;
      readonly image?: ImageSummary;
    }
  | { readonly accepted: false; readonly code: RejectionCode; readonly reason: string };

const reject = (code: RejectionCode, reason: string): UploadVerdict => ({ accepted: false, code, reason });

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
  // DICOM written without its Part 10 preamble is recognised too: it is delivered wrapped.
  const kind = detectFileKind(head);
  if (!kind) return reject('unknown_type', 'The file is not a PDF, DICOM, JPEG or PNG file.');
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

/** The second read, for DICOM headers that do not fit in the first 64 KB (large private tags). */
export const LONG_HEADER_BYTES = 1024 * 1024;

/**
 * validateUpload on as few bytes as the file needs: the first 64 KB (nearly every file), then,
 * while a DICOM header is longer than what was read, 1 MB, then up to MAX_DICOM_READ_BYTES (the
 * whole of a deflated file, which can only be checked inflated whole); a DICOM file up to 1 MB
 * whose pixel data goes on past the read is read whole. `read(length)` returns the file's first
 * `length` bytes (fewer when the file is shorter).
 */
export async function validateUploadFromReads(input: {
  record: CaseRecord;
  document: DocumentRecord;
  size: number;
  read: (length: number) => Promise<Uint8Array>;
}): Promise<UploadVerdict> {
  const { record, document, size, read } = input;
  let verdict = validateUpload({ record, document, size, head: await read(Math.min(size, SNIFF_BYTES)) });
  let readLength = Math.min(size, SNIFF_BYTES);
  for (const next of [LONG_HEADER_BYTES, MAX_DICOM_READ_BYTES]) {
    if (verdict.accepted || verdict.code !== 'dicom_header_too_long' || readLength >= size) break;
    readLength = Math.min(size, next);
    verdict = validateUpload({ record, document, size, head: await read(readLength) });
  }
  // Pixel data (or what follows it) goes on past the read: a file up to 1 MB is read whole so it
  // is checked to its last byte. A larger one keeps `uncheckedTail` for the stream's DicomTailCheck.
  if (verdict.accepted && verdict.dicom?.uncheckedTail && size <= LONG_HEADER_BYTES && readLength < size) {
    readLength = size;
    verdict = validateUpload({ record, document, size, head: await read(size) });
  }
  return verdict;
}

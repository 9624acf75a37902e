import type { CaseRecord, DocumentRecord } from './case-model';
import { checklistItem, contentTypeOfKind, type FileKind } from './checklist';
import { describeKind, detectFileKind } from './file-type';

export type UploadVerdict =
  | { readonly accepted: true; readonly kind: FileKind }
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
  if (kind === 'dicom' && head.length < 132 + 12) {
    return reject('truncated', 'The DICOM file is truncated: it ends before its header.');
  }
  return { accepted: true, kind };
}

import type { EventBridgeEvent } from 'aws-lambda';
import { audit } from '../adapters/audit-log';
import { addTimelineEvent, getCase, getDocument, transitionDocument } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { eraseObject, objectSize, readHead, readRange, sha256Of } from '../adapters/record-store';
import type { DocumentRecord, ValidatedUpload } from '../core/case-model';
import { SNIFF_BYTES } from '../core/file-type';
import { parseIntakeDocumentKey } from '../core/object-keys';
import { type Diagnosis, extractDiagnosis } from '../core/pathology';
import { PdfError, type PdfSummary, readPdf } from '../core/pdf';
import { validateUpload } from '../core/upload-validation';
import {
  type ArchiveSummary,
  checkArchive,
  EOCD_SEARCH_BYTES,
  locateCentralDirectory,
  parseCentralDirectory,
  readZip64Record,
  ZIP_LIMITS,
  ZipError,
} from '../core/zip-index';
import { decideUpload } from '../services/document-promotion';

export interface ObjectCreatedDetail {
  bucket: { name: string };
  object: { key: string; size?: number };
}

const SYSTEM = { role: 'system', id: 'upload-processor' } as const;
/** The second read for DICOM headers that do not fit in the first 64 KB. */
const LONG_HEADER_BYTES = 1024 * 1024;
/** PDFs are read whole to check them and extract text; larger ones are accepted unread. */
const MAX_PDF_READ_BYTES = 32 * 1024 * 1024;

async function reject(
  document: DocumentRecord,
  code: string,
  reason: string,
  facts: Partial<DocumentRecord>,
) {
  const { caseId, documentId } = document;
  if (
    await transitionDocument(caseId, documentId, ['validating'], { status: 'rejected', reason, ...facts })
  ) {
    await addTimelineEvent(caseId, 'document-rejected', `Document ${documentId} was rejected.`);
    await audit({ caseId, actor: SYSTEM, action: 'document.reject', target: documentId, outcome: 'allowed' });
  }
  logger.info('document rejected', { caseId, documentId, code });
}

/** Indexes a disc export from its end with ranged reads: the EOCD record, then the directory. */
async function indexArchive(key: string, size: number): Promise<ArchiveSummary> {
  const tailStart = Math.max(0, size - EOCD_SEARCH_BYTES);
  const found = locateCentralDirectory(
    await readRange('intake', key, tailStart, size - tailStart),
    tailStart,
    size,
  );
  const location =
    found.kind === 'zip64'
      ? readZip64Record(await readRange('intake', key, found.recordOffset, 56), size)
      : found;
  if (location.size > ZIP_LIMITS.maxCentralDirectoryBytes) {
    throw new ZipError(
      'too_many_entries',
      'The ZIP file’s directory is larger than an imaging disc export’s.',
    );
  }
  const directory = await readRange('intake', key, location.offset, location.size);
  return checkArchive(parseCentralDirectory(directory, location.entries));
}

/**
 * Validates an upload that landed in the intake (quarantine) bucket, from its real size and a
 * ranged read of its first bytes (PDFs, which must be opened to be checked, are read whole up
 * to 32 MB). A valid file is promoted to the records bucket with its SHA-256 once the malware
 * scan clears it (or at once where no scanner runs, recorded as not scanned); rejected ones stay
 * in quarantine with the reason. Duplicate or replayed events find the document already
 * decided and do nothing.
 */
export async function handler(event: EventBridgeEvent<'Object Created', ObjectCreatedDetail>): Promise<void> {
  const ids = parseIntakeDocumentKey(event.detail.object.key);
  if (!ids) {
    logger.warn('ignoring object outside the document layout');
    return;
  }
  const { caseId, documentId } = ids;
  const [record, document] = await Promise.all([getCase(caseId), getDocument(caseId, documentId)]);
  if (!record || !document) {
    // No case or upload behind it (e.g. a presigned PUT issued before an erasure, used after):
    // patient data nobody can see or manage, so every version of it goes.
    const erased = await eraseObject('intake', event.detail.object.key);
    logger.warn('orphan upload erased', { caseId, documentId, versions: erased });
    return;
  }
  if (
    !(await transitionDocument(caseId, documentId, ['uploading', 'validating'], { status: 'validating' }))
  ) {
    logger.info('document already decided; duplicate event ignored', { caseId, documentId });
    return;
  }

  // The object itself is the truth: its real size, never the declared one.
  const size = (await objectSize('intake', document.intakeKey)) ?? 0;
  const read = async (length: number) =>
    size ? await readHead('intake', document.intakeKey, Math.min(size, length)) : new Uint8Array();
  let verdict = validateUpload({ record, document, size, head: await read(SNIFF_BYTES) });
  if (!verdict.accepted && verdict.code === 'dicom_header_too_long') {
    // Rare: private tags push PixelData past 64 KB. One more, larger, ranged read.
    verdict = validateUpload({ record, document, size, head: await read(LONG_HEADER_BYTES) });
  }
  if (!verdict.accepted) return reject(document, verdict.code, verdict.reason, { size });

  let pdf: PdfSummary | undefined;
  let diagnosis: Diagnosis | undefined;
  if (verdict.kind === 'pdf' && size <= MAX_PDF_READ_BYTES) {
    try {
      const { summary, text } = await readPdf(await read(size));
      pdf = summary;
      if (document.itemId === 'pathology-report' && !summary.scanned) {
        diagnosis = extractDiagnosis(text, record.cancerType, documentId);
      }
    } catch (error) {
      if (error instanceof PdfError) return reject(document, `pdf_${error.problem}`, error.message, { size });
      throw error;
    }
  }

  let archive: ArchiveSummary | undefined;
  if (verdict.kind === 'zip') {
    try {
      archive = await indexArchive(document.intakeKey, size);
    } catch (error) {
      if (error instanceof ZipError) return reject(document, `zip_${error.problem}`, error.message, { size });
      throw error;
    }
  }

  // Hash the quarantined bytes first: a mismatch with the uploader's hash rejects the file
  // before anything reaches the records bucket. The server-side copy is byte-exact.
  const { sha256, size: hashedSize } = await sha256Of('intake', document.intakeKey);
  if (document.clientSha256 && document.clientSha256 !== sha256) {
    return reject(
      document,
      'checksum_mismatch',
      'The file was damaged or changed on the way: its SHA-256 does not match the one sent with it.',
      { size: hashedSize, sha256 },
    );
  }
  // Checked and hashed: kept on the document until the malware scan's verdict (where a
  // scanner runs) decides; whichever of the two arrives second promotes or quarantines it.
  const validated: ValidatedUpload = {
    kind: verdict.kind,
    size: hashedSize,
    sha256,
    ...(verdict.dicom ? { dicom: verdict.dicom } : {}),
    ...(verdict.image ? { image: verdict.image } : {}),
    ...(pdf ? { pdf } : {}),
    ...(archive ? { archive } : {}),
    ...(diagnosis ? { diagnosis } : {}),
  };
  await transitionDocument(caseId, documentId, ['validating'], { validated });
  await decideUpload(caseId, documentId);
}

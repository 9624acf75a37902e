import { audit } from '../adapters/audit-log';
import {
  addTimelineEvent,
  getCase,
  getDocument,
  pinDocumentVersion,
  transitionDocument,
} from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { eraseObject, objectSize, readHead, readRange, sha256Of } from '../adapters/record-store';
import type { DocumentRecord, ValidatedUpload } from '../core/case/record';
import { SNIFF_BYTES } from '../core/file-type';
import { objectCreatedEvent } from '../core/inputs/events';
import { parseIntakeDocumentKey } from '../core/object-keys';
import { parseInput } from '../core/parse-input';
import { type Diagnosis, extractDiagnosis } from '../core/pathology';
import { PdfError, type PdfSummary, readPdf } from '../core/pdf';
import { MAX_PDF_CHECK_BYTES } from '../core/pdf-active-content';
import { validateUpload } from '../core/upload-validation';
import {
  type ArchiveSummary,
  checkArchive,
  EOCD_SEARCH_BYTES,
  locateCentralDirectory,
  parseCentralDirectory,
  readZip64Record,
  ZIP_LIMITS,
  type ZipEntry,
  ZipError,
} from '../core/zip-index';
import { ZipInflateCheck } from '../core/zip-inflate-check';
import { decideUpload } from '../services/document-promotion';
import { disarmPatientPdf, type PatientPdfOutcome, tooLargeToCheck } from '../services/pdf-safety';
import { refuseLaterVersion } from '../services/refused-versions';

/** `version-id` names the version this event is about (the intake bucket is versioned). */
export type { ObjectCreatedDetail } from '../core/inputs/events';

const SYSTEM = { role: 'system', id: 'upload-processor' } as const;
/** The second read for DICOM headers that do not fit in the first 64 KB. */
const LONG_HEADER_BYTES = 1024 * 1024;

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
async function indexArchive(
  key: string,
  size: number,
  versionId?: string,
): Promise<{ summary: ArchiveSummary; entries: ZipEntry[]; directoryOffset: number }> {
  const tailStart = Math.max(0, size - EOCD_SEARCH_BYTES);
  const found = locateCentralDirectory(
    await readRange('intake', key, tailStart, size - tailStart, versionId),
    tailStart,
    size,
  );
  const location =
    found.kind === 'zip64'
      ? readZip64Record(await readRange('intake', key, found.recordOffset, 56, versionId), size)
      : found;
  if (location.size > ZIP_LIMITS.maxCentralDirectoryBytes) {
    throw new ZipError(
      'too_many_entries',
      'The ZIP file’s directory is larger than an imaging disc export’s.',
    );
  }
  const directory = await readRange('intake', key, location.offset, location.size, versionId);
  const entries = parseCentralDirectory(directory, location.entries);
  return { summary: checkArchive(entries), entries, directoryOffset: location.offset };
}

/**
 * Validates an upload that landed in the intake (quarantine) bucket, from its real size and a
 * ranged read of its first bytes (PDFs, which must be opened to be checked, are read whole up
 * to 32 MB). A valid file is promoted to the records bucket with its SHA-256 once the malware
 * scan clears it (or at once where no scanner runs, recorded as not scanned); rejected ones stay
 * in quarantine with the reason. Duplicate or replayed events find the document already
 * decided and do nothing.
 *
 * The event's version id becomes the document's identity: every read, the hash, the verdict and
 * the copy name that version. An event for another version of the same key (the upload link
 * used again, before or after the first file was decided) is refused and changes nothing.
 */
export async function handler(raw: unknown): Promise<void> {
  const event = parseInput(objectCreatedEvent, raw, 'the Object Created event');
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
  const { 'version-id': versionId, etag, size: eventSize } = event.detail.object;
  const started = versionId
    ? await pinDocumentVersion(caseId, documentId, { versionId, ...(etag ? { etag } : {}) })
    : // An unversioned bucket keeps one object per key: there is no other version to mistake.
      await transitionDocument(caseId, documentId, ['uploading', 'validating'], { status: 'validating' });
  if (!started) {
    const current = versionId ? await getDocument(caseId, documentId) : undefined;
    if (
      current &&
      versionId &&
      current.versionId !== versionId &&
      (current.versionId || current.status === 'cancelled')
    ) {
      await refuseLaterVersion(current, {
        versionId,
        ...(etag ? { etag } : {}),
        ...(eventSize !== undefined ? { size: eventSize } : {}),
      });
      return;
    }
    logger.info('document already decided; duplicate event ignored', { caseId, documentId });
    return;
  }

  // The object itself is the truth: its real size, never the declared one.
  const size = (await objectSize('intake', document.intakeKey, versionId)) ?? 0;
  const read = async (length: number) =>
    size ? await readHead('intake', document.intakeKey, Math.min(size, length), versionId) : new Uint8Array();
  let verdict = validateUpload({ record, document, size, head: await read(SNIFF_BYTES) });
  if (!verdict.accepted && verdict.code === 'dicom_header_too_long') {
    // Rare: private tags push PixelData past 64 KB. One more, larger, ranged read.
    verdict = validateUpload({ record, document, size, head: await read(LONG_HEADER_BYTES) });
  }
  if (!verdict.accepted) return reject(document, verdict.code, verdict.reason, { size });

  let pdf: PdfSummary | undefined;
  let diagnosis: Diagnosis | undefined;
  let disarmed: (PatientPdfOutcome & { kind: 'disarmed' }) | undefined;
  if (verdict.kind === 'pdf') {
    // Unread is unchecked: a PDF too large to read whole is refused, not passed on.
    if (size > MAX_PDF_CHECK_BYTES) {
      return reject(document, 'pdf_too_large_to_check', tooLargeToCheck('PDF'), { size });
    }
    try {
      const bytes = await read(size);
      const { summary, text } = await readPdf(bytes);
      pdf = summary;
      if (document.itemId === 'pathology-report' && !summary.scanned) {
        diagnosis = extractDiagnosis(text, record.cancerType, documentId);
      }
      const outcome = await disarmPatientPdf(caseId, documentId, bytes, text);
      if (outcome.kind === 'refused') return reject(document, outcome.code, outcome.reason, { size });
      if (outcome.kind === 'disarmed') disarmed = outcome;
    } catch (error) {
      if (error instanceof PdfError) return reject(document, `pdf_${error.problem}`, error.message, { size });
      throw error;
    }
  }

  let archive: ArchiveSummary | undefined;
  let inflateCheck: ZipInflateCheck | undefined;
  if (verdict.kind === 'zip') {
    try {
      const index = await indexArchive(document.intakeKey, size, versionId);
      archive = index.summary;
      inflateCheck = new ZipInflateCheck(index.entries, index.directoryOffset);
    } catch (error) {
      if (error instanceof ZipError) return reject(document, `zip_${error.problem}`, error.message, { size });
      throw error;
    }
  }

  // Hash the quarantined bytes first: a mismatch with the uploader's hash rejects the file
  // before anything reaches the records bucket. The server-side copy is byte-exact. An
  // archive is inflated in the same read, judged by what its entries really inflate to.
  let hashed: { sha256: string; size: number };
  try {
    hashed = await sha256Of(
      'intake',
      document.intakeKey,
      versionId,
      inflateCheck && ((chunk) => inflateCheck.push(chunk)),
    );
    await inflateCheck?.finish();
  } catch (error) {
    if (error instanceof ZipError) return reject(document, `zip_${error.problem}`, error.message, { size });
    throw error;
  }
  const { sha256, size: hashedSize } = hashed;
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
    // A disarmed PDF: its rewritten copy is what is promoted, hashed as written.
    size: disarmed ? disarmed.size : hashedSize,
    sha256: disarmed ? disarmed.sha256 : sha256,
    ...(disarmed
      ? {
          disarmed: {
            intakeKey: disarmed.intakeKey,
            ...(disarmed.versionId ? { versionId: disarmed.versionId } : {}),
            removed: disarmed.removed,
            original: { size: hashedSize, sha256 },
          },
        }
      : {}),
    ...(verdict.dicom ? { dicom: verdict.dicom } : {}),
    ...(verdict.image ? { image: verdict.image } : {}),
    ...(pdf ? { pdf } : {}),
    ...(archive ? { archive } : {}),
    ...(diagnosis ? { diagnosis } : {}),
  };
  await transitionDocument(caseId, documentId, ['validating'], { validated });
  await decideUpload(caseId, documentId);
}

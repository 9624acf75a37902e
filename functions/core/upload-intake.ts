import type { DisarmedPdf, DocumentRecord, ValidatedUpload } from './case/record';
import { DicomError } from './dicom';
import { PdfError, type PdfSummary } from './pdf';
import type { MessageParams, RejectionCode } from './server-messages';
import { ZipError } from './zip-index';

/**
 * The rules for an upload that landed in the intake (quarantine) bucket, between its
 * object-created event and its verdict: which event version it is, why it is rejected, what
 * its validation established.
 */

/** Why an upload is rejected (plain English for the patient), and what the document keeps of it. */
export interface UploadRejection {
  readonly code: RejectionCode;
  readonly reason: string;
  /** The arguments of the code's message (locales/server): the page says the reason in any language. */
  readonly params?: MessageParams;
  readonly facts: Pick<DocumentRecord, 'size' | 'sha256'>;
}

/**
 * The event is about another version of the document's key than the one it is (the upload link
 * used again, before or after the first file was decided), or bytes came after the upload was
 * cancelled: refused, never checked.
 */
export const isLaterVersion = (current: DocumentRecord, versionId: string): boolean =>
  current.versionId !== versionId && (Boolean(current.versionId) || current.status === 'cancelled');

/**
 * A check the file's own bytes failed (a damaged or encrypted PDF, a ZIP refused) rejects the
 * upload. Anything else is the system's failure and is thrown again, for the event's retry.
 */
export function rejectionFor(error: unknown, size: number): UploadRejection {
  if (error instanceof PdfError)
    return { code: `pdf_${error.problem}`, reason: error.message, facts: { size } };
  if (error instanceof ZipError)
    return { code: `zip_${error.problem}`, reason: error.message, facts: { size } };
  if (error instanceof DicomError)
    return { code: `dicom_${error.problem}`, reason: error.message, facts: { size } };
  throw error;
}

/** A pathology report with a text layer is read for the diagnosis from its text. */
export const readsDiagnosis = (document: Pick<DocumentRecord, 'itemId'>, pdf: PdfSummary): boolean =>
  document.itemId === 'pathology-report' && !pdf.scanned;

/**
 * A pathology report without one, a scanned PDF (`pdf` given) or a photo of the report (no
 * `pdf`), is read for the diagnosis by OCR.
 */
export const readsDiagnosisByOcr = (document: Pick<DocumentRecord, 'itemId'>, pdf?: PdfSummary): boolean =>
  document.itemId === 'pathology-report' && (pdf === undefined || pdf.scanned);

export interface Hashed {
  readonly sha256: string;
  readonly size: number;
}

/** A mismatch with the uploader's hash rejects the file before anything reaches the records. */
export function checksumRejection(document: Pick<DocumentRecord, 'clientSha256'>, hashed: Hashed) {
  if (!document.clientSha256 || document.clientSha256 === hashed.sha256) return undefined;
  return {
    code: 'checksum_mismatch',
    reason: 'The file was damaged or changed on the way: its SHA-256 does not match the one sent with it.',
    facts: { size: hashed.size, sha256: hashed.sha256 },
  } satisfies UploadRejection;
}

/**
 * An upload whose bytes or DICOM instance the case holds already: rejected (the document
 * vocabulary has no "duplicate"), with a reason that begins "Duplicate of" and names the first.
 */
export function duplicateRejection(
  firstFileName: string,
  what: 'file' | 'image',
  facts: UploadRejection['facts'],
): UploadRejection {
  const same =
    what === 'file'
      ? 'the same file is already part of this case'
      : 'the same DICOM image (its SOP Instance UID) is already part of this case';
  return {
    code: 'duplicate',
    reason: `Duplicate of “${firstFileName}”: ${same}, so it is kept once.`,
    params: { file: firstFileName, what },
    facts,
  };
}

/** A PDF's rewritten copy without its active content, written beside the original in quarantine. */
export interface DisarmedCopy extends Omit<DisarmedPdf, 'original'>, Hashed {}

/** What the checks found: the fields validation keeps as they are, and the hashes to place. */
export interface UploadFindings
  extends Pick<
    ValidatedUpload,
    'kind' | 'dicom' | 'image' | 'pdf' | 'archive' | 'diagnosis' | 'reportIdentity' | 'disc' | 'ocr'
  > {
  /** The quarantined bytes as they arrived. */
  readonly hashed: Hashed;
  readonly disarmed?: DisarmedCopy;
  /** A DICOM data set without the preamble, written as a Part 10 file beside it in quarantine. */
  readonly wrapped?: WrappedCopy;
}

/** A raw DICOM data set's Part 10 copy, written beside the original in quarantine. */
export interface WrappedCopy extends Hashed {
  readonly intakeKey: string;
  readonly versionId?: string;
}

/**
 * What validation established, kept on the document until the malware verdict decides. A
 * disarmed PDF: its rewritten copy is what is promoted, hashed as written; the original's size
 * and hash are kept beside it.
 */
export function validatedUpload(findings: UploadFindings): ValidatedUpload {
  const {
    kind,
    hashed,
    disarmed,
    wrapped,
    dicom,
    image,
    pdf,
    archive,
    diagnosis,
    reportIdentity,
    disc,
    ocr,
  } = findings;
  const promoted = disarmed ?? wrapped ?? hashed;
  return {
    kind,
    size: promoted.size,
    sha256: promoted.sha256,
    ...(disarmed
      ? {
          disarmed: {
            intakeKey: disarmed.intakeKey,
            ...(disarmed.versionId ? { versionId: disarmed.versionId } : {}),
            removed: disarmed.removed,
            original: { size: hashed.size, sha256: hashed.sha256 },
          },
        }
      : {}),
    ...(wrapped
      ? {
          wrapped: {
            intakeKey: wrapped.intakeKey,
            ...(wrapped.versionId ? { versionId: wrapped.versionId } : {}),
            original: { size: hashed.size, sha256: hashed.sha256 },
          },
        }
      : {}),
    ...(dicom ? { dicom } : {}),
    ...(image ? { image } : {}),
    ...(pdf ? { pdf } : {}),
    ...(archive ? { archive } : {}),
    ...(diagnosis ? { diagnosis } : {}),
    ...(reportIdentity ? { reportIdentity } : {}),
    ...(disc ? { disc } : {}),
    ...(ocr ? { ocr } : {}),
  };
}

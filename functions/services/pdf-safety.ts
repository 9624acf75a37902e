import { putGenerated, readHead } from '../adapters/record-store';
import type { BucketName } from '../contract';
import { AppError } from '../core/errors';
import { objectKeys } from '../core/object-keys';
import { readPdf } from '../core/pdf';
import {
  type ActiveContentKind,
  activeContentLabel,
  describeActiveContent,
  disarmPdf,
  findActiveContent,
  MAX_PDF_CHECK_BYTES,
  PdfActiveContentError,
} from '../core/pdf-active-content';
import type { RejectionCode } from '../core/server-messages';

/**
 * What happens to PDFs with active content (JavaScript, launch/submit/import actions,
 * embedded files, XFA, polyglot bytes):
 * - a patient's upload is disarmed: the patient cannot re-export a PDF their hospital produced,
 *   so refusing it would lose the record. The rewritten copy (page content untouched) is what
 *   the records and the hospital get; the original stays in the intake (quarantine) bucket.
 * - a hospital's report or addendum, and a certified translation, are refused: their authors
 *   can export again, and a signed opinion or certified text must not be rewritten by us.
 */
export type PatientPdfOutcome =
  | { readonly kind: 'clean' }
  | {
      readonly kind: 'disarmed';
      readonly intakeKey: string;
      readonly removed: readonly ActiveContentKind[];
      readonly size: number;
      readonly sha256: string;
      readonly versionId?: string;
    }
  | { readonly kind: 'refused'; readonly code: RejectionCode; readonly reason: string };

/** `text` is what the original's pages read: the rewritten copy must read the same. */
export async function disarmPatientPdf(
  caseId: string,
  documentId: string,
  bytes: Uint8Array,
  text: string,
): Promise<PatientPdfOutcome> {
  try {
    if ((await findActiveContent(bytes)).length === 0) return { kind: 'clean' };
    const disarmed = await disarmPdf(bytes);
    const reread = await readPdf(disarmed.bytes).catch(() => undefined);
    if (reread?.text !== text) {
      return {
        kind: 'refused',
        code: 'pdf_disarm_failed',
        reason: `The PDF carries active content (${describeActiveContent(disarmed.removed)}) that could not be removed without changing its pages; please send it again, printed to a new PDF or as images.`,
      };
    }
    const intakeKey = objectKeys.intakeDisarmed(caseId, documentId);
    const stored = await putGenerated('intake', intakeKey, Buffer.from(disarmed.bytes), 'application/pdf');
    return { kind: 'disarmed', intakeKey, removed: disarmed.removed, ...stored };
  } catch (error) {
    if (!(error instanceof PdfActiveContentError)) throw error;
    return {
      kind: 'refused',
      code: `pdf_${error.problem}`,
      reason: `${error.message} Please send it again, printed to a new PDF or as images.`,
    };
  }
}

export const tooLargeToCheck = (what: string) =>
  `The ${what} is larger than ${MAX_PDF_CHECK_BYTES / 1024 / 1024} MB, the most that can be checked for active content (scripts, embedded files); please send it smaller${what === 'PDF' ? ', or its pages as JPEG or PNG images' : ''}.`;

/** A PDF the system must not rewrite (a hospital's report, a certified translation) with active content. */
export class ActiveContentRefusedError extends AppError {
  constructor(message: string, found: readonly string[] = []) {
    const details = found.map((kind) => ({ kind, message: activeContentLabel[kind as ActiveContentKind] }));
    super('pdf_active_content', 400, message, details.length ? { details } : undefined);
  }
}

/**
 * Reads the whole PDF and refuses it if it carries active content or cannot be checked;
 * returns the bytes that were checked.
 */
export async function refuseActiveContent(
  bucket: BucketName,
  key: string,
  size: number,
  what: 'report' | 'addendum' | 'translation',
  versionId?: string,
): Promise<Uint8Array> {
  if (size > MAX_PDF_CHECK_BYTES) throw new ActiveContentRefusedError(tooLargeToCheck(what));
  const bytes = await readHead(bucket, key, size, versionId);
  let found: ActiveContentKind[];
  try {
    found = await findActiveContent(bytes);
  } catch (error) {
    if (error instanceof PdfActiveContentError) {
      throw new ActiveContentRefusedError(`The uploaded ${what}: ${error.message} Please export it again.`);
    }
    throw error;
  }
  if (found.length > 0) {
    throw new ActiveContentRefusedError(
      `The uploaded ${what} carries active content (${describeActiveContent(found)}), which a medical record must not. Please export it again without it (for example as PDF/A) and upload it again.`,
      found,
    );
  }
  return bytes;
}

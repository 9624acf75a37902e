import { getCase, getDocument, transitionDocument } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { eraseObject } from '../adapters/record-store';
import { objectCreatedEvent } from '../core/inputs/events';
import { parseIntakeDocumentKey } from '../core/object-keys';
import { parseInput } from '../core/parse-input';
import { decideUpload } from '../services/document-promotion';
import { duplicateOf } from '../services/duplicate-uploads';
import { inspectUpload } from '../services/upload-inspection';
import { rejectUpload, startValidation } from '../services/upload-intake';

/** `version-id` names the version this event is about (the intake bucket is versioned). */
export type { ObjectCreatedDetail } from '../core/inputs/events';

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
  const { object } = event.detail;
  const ids = parseIntakeDocumentKey(object.key);
  if (!ids) {
    logger.warn('ignoring object outside the document layout');
    return;
  }
  const { caseId, documentId } = ids;
  const [record, document] = await Promise.all([getCase(caseId), getDocument(caseId, documentId)]);
  if (!record || !document) {
    // No case or upload behind it (e.g. a presigned PUT issued before an erasure, used after):
    // patient data nobody can see or manage, so every version of it goes.
    const erased = await eraseObject('intake', object.key);
    logger.warn('orphan upload erased', { caseId, documentId, versions: erased });
    return;
  }
  if (!(await startValidation(document, object))) return;
  const inspection = await inspectUpload(record, document, object['version-id']);
  if (!inspection.accepted) return rejectUpload(document, inspection);
  // Judged on its own first (a truncated copy is refused as truncated), then kept once per case.
  const duplicate = await duplicateOf(document, inspection.validated);
  if (duplicate) return rejectUpload(document, duplicate);
  // Checked and hashed: kept on the document until the malware scan's verdict (where a
  // scanner runs) decides; whichever of the two arrives second promotes or quarantines it.
  await transitionDocument(caseId, documentId, ['validating'], { validated: inspection.validated });
  await decideUpload(caseId, documentId);
}

import { audit } from '../adapters/audit-log';
import {
  addTimelineEvent,
  getDocument,
  pinDocumentVersion,
  transitionDocument,
} from '../adapters/case-store';
import { logger } from '../adapters/logger';
import type { DocumentRecord } from '../core/case/record';
import type { ObjectCreatedDetail } from '../core/inputs/events';
import { isLaterVersion, type UploadRejection } from '../core/upload-intake';
import { refuseLaterVersion } from './refused-versions';

const SYSTEM = { role: 'system', id: 'upload-processor' } as const;

/**
 * Starts an upload's validation for the object an object-created event names: the event's
 * version becomes the document's identity (every read, the hash, the verdict and the copy name
 * it). False when there is nothing to validate: the document was decided already (a duplicate
 * or replayed event), or the event is about another version of its key, which is refused.
 */
export async function startValidation(
  document: DocumentRecord,
  object: ObjectCreatedDetail['object'],
): Promise<boolean> {
  const { caseId, documentId } = document;
  const { 'version-id': versionId, etag, size } = object;
  const started = versionId
    ? await pinDocumentVersion(caseId, documentId, { versionId, ...(etag ? { etag } : {}) })
    : // An unversioned bucket keeps one object per key: there is no other version to mistake.
      await transitionDocument(caseId, documentId, ['uploading', 'validating'], { status: 'validating' });
  if (started) return true;
  const current = versionId ? await getDocument(caseId, documentId) : undefined;
  if (current && versionId && isLaterVersion(current, versionId)) {
    await refuseLaterVersion(current, {
      versionId,
      ...(etag ? { etag } : {}),
      ...(size !== undefined ? { size } : {}),
    });
    return false;
  }
  logger.info('document already decided; duplicate event ignored', { caseId, documentId });
  return false;
}

/** Rejects an upload being validated: it stays in quarantine with the reason, recorded once. */
export async function rejectUpload(document: DocumentRecord, rejection: UploadRejection): Promise<void> {
  const { caseId, documentId } = document;
  const { code, reason, params, facts } = rejection;
  const rejected = {
    status: 'rejected',
    reason,
    reasonCode: code,
    ...(params ? { reasonParams: params } : {}),
    ...facts,
  } as const;
  if (await transitionDocument(caseId, documentId, ['validating'], rejected)) {
    await addTimelineEvent(caseId, 'document-rejected', `Document ${documentId} was rejected.`);
    await audit({ caseId, actor: SYSTEM, action: 'document.reject', target: documentId, outcome: 'allowed' });
  }
  logger.info('document rejected', { caseId, documentId, code });
}

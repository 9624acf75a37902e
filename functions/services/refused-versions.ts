import { audit } from '../adapters/audit-log';
import { addTimelineEvent, recordRefusedVersion } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { notifyOnce } from '../adapters/notifier';
import { setting } from '../adapters/settings';
import { type DocumentRecord, UPLOAD_LINK_REUSED } from '../core/case-model';

const SYSTEM = { role: 'system', id: 'upload-processor' } as const;

/**
 * A version of a document's object that is not the one the document is about: its upload link
 * was used again (before or after the first file was decided), or bytes came after the upload
 * was cancelled. The document keeps what it had; the newer bytes stay in the intake
 * (quarantine) bucket, unchecked and never copied; the coordinator is told once per document.
 * Repeated events for the same version change nothing.
 */
export async function refuseLaterVersion(
  document: DocumentRecord,
  version: { versionId: string; etag?: string; size?: number },
): Promise<void> {
  const { caseId, documentId } = document;
  const recorded = await recordRefusedVersion(caseId, documentId, version.versionId, {
    at: new Date().toISOString(),
    reason: UPLOAD_LINK_REUSED,
    ...(version.etag ? { etag: version.etag } : {}),
    ...(version.size !== undefined ? { size: version.size } : {}),
  });
  logger.warn('later version of an upload refused', {
    caseId,
    documentId,
    status: document.status,
    recorded,
  });
  if (!recorded) return;
  await addTimelineEvent(
    caseId,
    'document-version-refused',
    `Document ${documentId}: ${UPLOAD_LINK_REUSED} The later file stays in quarantine and was not used.`,
  );
  await audit({
    caseId,
    actor: SYSTEM,
    action: 'document.version.refuse',
    target: documentId,
    outcome: 'denied',
  });
  await notifyOnce(caseId, `upload-link-reused-${documentId}`, {
    to: setting('coordinatorEmail'),
    subject: `Case ${caseId}: an upload link was used twice`,
    text: `Document ${documentId} of case ${caseId}: a second file was sent with the same upload link. The document keeps the first file (it is ${document.status}); the second stays in the quarantine bucket and was not checked, scanned or copied to the records.`,
  });
}

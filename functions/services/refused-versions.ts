import { audit } from '../adapters/audit-log';
import { addTimelineEvent, recordRefusedVersion } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { notifyOnce } from '../adapters/notifier';
import { setting } from '../adapters/settings';
import { type DocumentRecord, UPLOAD_LINK_REUSED } from '../core/case/record';
import { uploadLinkReusedForCoordinator } from '../core/messages/coordinator';

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
  await notifyOnce(
    caseId,
    `upload-link-reused-${documentId}`,
    uploadLinkReusedForCoordinator(setting('coordinatorEmail'), caseId, documentId, document.status),
  );
}

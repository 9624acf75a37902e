import type { EventBridgeEvent } from 'aws-lambda';
import { audit } from '../adapters/audit-log';
import { addTimelineEvent, getCase, getDocument, transitionDocument } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { copyObject, objectSize, readHead, sha256Of } from '../adapters/record-store';
import { SNIFF_BYTES } from '../core/file-type';
import { objectKeys, parseIntakeDocumentKey } from '../core/object-keys';
import { validateUpload } from '../core/upload-validation';

export interface ObjectCreatedDetail {
  bucket: { name: string };
  object: { key: string; size?: number };
}

const SYSTEM = { role: 'system', id: 'upload-processor' } as const;
/** The second read for DICOM headers that do not fit in the first 64 KB. */
const LONG_HEADER_BYTES = 1024 * 1024;

/**
 * Validates an upload that landed in the intake (quarantine) bucket, from its real size and a
 * ranged read of its first bytes. Accepted files are copied to the records bucket with their
 * SHA-256; rejected ones stay in quarantine with the reason. Duplicate or replayed events find
 * the document already decided and do nothing.
 */
export async function handler(event: EventBridgeEvent<'Object Created', ObjectCreatedDetail>): Promise<void> {
  const key = event.detail.object.key;
  const ids = parseIntakeDocumentKey(key);
  if (!ids) {
    logger.warn('ignoring object outside the document layout');
    return;
  }
  const { caseId, documentId } = ids;
  const [record, document] = await Promise.all([getCase(caseId), getDocument(caseId, documentId)]);
  if (!record || !document) {
    logger.warn('object has no document record', { caseId, documentId });
    return;
  }
  if (
    !(await transitionDocument(caseId, documentId, ['uploading', 'validating'], { status: 'validating' }))
  ) {
    logger.info('document already decided; duplicate event ignored', { caseId, documentId });
    return;
  }

  const size = (await objectSize('intake', document.intakeKey)) ?? 0;
  const read = async (length: number) =>
    size ? await readHead('intake', document.intakeKey, Math.min(size, length)) : new Uint8Array();
  let verdict = validateUpload({ record, document, size, head: await read(SNIFF_BYTES) });
  if (!verdict.accepted && verdict.code === 'dicom_header_too_long') {
    // Rare: private tags push PixelData past 64 KB. One more, larger, ranged read.
    verdict = validateUpload({ record, document, size, head: await read(LONG_HEADER_BYTES) });
  }

  if (!verdict.accepted) {
    if (
      await transitionDocument(caseId, documentId, ['validating'], {
        status: 'rejected',
        reason: verdict.reason,
        size,
      })
    ) {
      await addTimelineEvent(caseId, 'document-rejected', `Document ${documentId} was rejected.`);
      await audit({
        caseId,
        actor: SYSTEM,
        action: 'document.reject',
        target: documentId,
        outcome: 'allowed',
      });
    }
    logger.info('document rejected', { caseId, documentId, code: verdict.code });
    return;
  }

  // Hash the quarantined bytes first: a mismatch with the uploader's hash rejects the file
  // before anything reaches the records bucket. The server-side copy is byte-exact.
  const { sha256, size: hashedSize } = await sha256Of('intake', document.intakeKey);
  if (document.clientSha256 && document.clientSha256 !== sha256) {
    const reason =
      'The file was damaged or changed on the way: its SHA-256 does not match the one sent with it.';
    if (
      await transitionDocument(caseId, documentId, ['validating'], {
        status: 'rejected',
        reason,
        size: hashedSize,
        sha256,
      })
    ) {
      await addTimelineEvent(caseId, 'document-rejected', `Document ${documentId} was rejected.`);
      await audit({
        caseId,
        actor: SYSTEM,
        action: 'document.reject',
        target: documentId,
        outcome: 'allowed',
      });
    }
    logger.info('document rejected', { caseId, documentId, code: 'checksum_mismatch' });
    return;
  }
  const recordsKey = objectKeys.recordsDocument(caseId, documentId);
  await copyObject({ bucket: 'intake', key: document.intakeKey }, { bucket: 'records', key: recordsKey });
  const accepted = await transitionDocument(caseId, documentId, ['validating'], {
    status: 'accepted',
    kind: verdict.kind,
    ...(verdict.dicom ? { dicom: verdict.dicom } : {}),
    size: hashedSize,
    sha256,
    recordsKey,
  });
  if (accepted) {
    await addTimelineEvent(caseId, 'document-accepted', `Document ${documentId} was accepted.`);
    await audit({ caseId, actor: SYSTEM, action: 'document.accept', target: documentId, outcome: 'allowed' });
  }
  logger.info('document accepted', { caseId, documentId, kind: verdict.kind, size: hashedSize });
}

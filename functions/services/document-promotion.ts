import { audit } from '../adapters/audit-log';
import { addTimelineEvent, getDocument, mutateCase, transitionDocument } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import { malwareGate } from '../adapters/malware-gate';
import { notifyOnce } from '../adapters/notifier';
import { copyObject } from '../adapters/record-store';
import { setting } from '../adapters/settings';
import type { DocumentRecord, MalwareScan, ValidatedUpload } from '../core/case/record';
import { quarantineForCoordinator } from '../core/messages/coordinator';
import { objectKeys } from '../core/object-keys';
import type { Diagnosis } from '../core/pathology';
import { rejectionText } from '../core/server-messages';

const SYSTEM = { role: 'system', id: 'upload-processor' } as const;

/** The case keeps the diagnosis read from the latest pathology report, unless a coordinator set it. */
async function recordDiagnosis(caseId: string, diagnosis: Diagnosis) {
  await mutateCase(caseId, (record) =>
    record.diagnosis?.source.kind === 'coordinator'
      ? { result: false }
      : { changes: { set: { diagnosis } }, result: true },
  );
}

/** Copies a validated upload to the records bucket and accepts it; idempotent. */
async function promote(
  document: DocumentRecord,
  validated: ValidatedUpload,
  scan: MalwareScan,
): Promise<void> {
  const { caseId, documentId } = document;
  const recordsKey = objectKeys.recordsDocument(caseId, documentId);
  // The version that was checked, hashed and scanned: never whatever the key holds now. A PDF
  // whose active content was removed, or a DICOM data set wrapped as Part 10, goes as its
  // rewritten copy; the upload as it arrived stays in quarantine.
  const rewritten = validated.disarmed ?? validated.wrapped;
  await copyObject(
    rewritten
      ? {
          bucket: 'intake',
          key: rewritten.intakeKey,
          ...(rewritten.versionId ? { versionId: rewritten.versionId } : {}),
        }
      : {
          bucket: 'intake',
          key: document.intakeKey,
          ...(document.versionId ? { versionId: document.versionId } : {}),
        },
    { bucket: 'records', key: recordsKey },
    validated.size,
  );
  const { diagnosis, ...facts } = validated;
  const accepted = await transitionDocument(caseId, documentId, ['validating'], {
    status: 'accepted',
    ...facts,
    scan,
    recordsKey,
  });
  if (!accepted) return;
  if (diagnosis) await recordDiagnosis(caseId, diagnosis);
  await addTimelineEvent(
    caseId,
    'document-accepted',
    validated.disarmed
      ? `Document ${documentId} was accepted with its active content removed (${validated.disarmed.removed.join(', ')}); the original is kept in quarantine.`
      : validated.wrapped
        ? `Document ${documentId} was accepted: a DICOM data set without the Part 10 preamble, delivered wrapped as a Part 10 file; the original is kept in quarantine.`
        : `Document ${documentId} was accepted.`,
  );
  await audit({ caseId, actor: SYSTEM, action: 'document.accept', target: documentId, outcome: 'allowed' });
  logger.info('document accepted', {
    caseId,
    documentId,
    kind: validated.kind,
    size: validated.size,
    scan: scan.result,
  });
}

/** Anything but a clean verdict: the file stays in quarantine, rejected, and the coordinator is told. */
async function quarantine(document: DocumentRecord, scan: MalwareScan): Promise<void> {
  const { caseId, documentId } = document;
  const reasonCode = scan.result === 'THREATS_FOUND' ? 'malware_threats_found' : 'malware_unchecked';
  const rejected = await transitionDocument(caseId, documentId, ['validating'], {
    status: 'rejected',
    reason: rejectionText(reasonCode),
    reasonCode,
    scan,
  });
  if (!rejected) return;
  await addTimelineEvent(
    caseId,
    'document-quarantined',
    `Document ${documentId} was held back by the malware scan (${scan.result}).`,
  );
  await audit({
    caseId,
    actor: SYSTEM,
    action: 'document.quarantine',
    target: documentId,
    outcome: 'allowed',
  });
  await notifyOnce(
    caseId,
    `quarantine-${documentId}`,
    quarantineForCoordinator(setting('coordinatorEmail'), caseId, documentId, scan.result),
  );
  logger.warn('document quarantined', { caseId, documentId, scan: scan.result });
}

/**
 * Decides an upload once both halves are in: its validation and, where a scanner runs, the
 * scan's verdict. Called by whichever arrives second (and harmlessly by the first): only
 * NO_THREATS_FOUND is promoted, and only a verdict about the document's pinned version counts.
 */
export async function decideUpload(caseId: string, documentId: string): Promise<void> {
  const document = await getDocument(caseId, documentId);
  if (document?.status !== 'validating' || !document.validated) return;
  const scan = malwareGate().verdict(document);
  if (!scan) return; // the verdict about this version has not arrived yet
  if (scan.result === 'NO_THREATS_FOUND' || scan.result === 'not-scanned')
    await promote(document, document.validated, scan);
  else await quarantine(document, scan);
}

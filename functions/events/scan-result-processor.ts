import { recordScan, transitionDocument } from '../adapters/case-store';
import { logger } from '../adapters/logger';
import type { MalwareScan, MalwareScanResult } from '../core/case/record';
import { scanResultEvent } from '../core/inputs/events';
import { parseIntakeDocumentKey } from '../core/object-keys';
import { parseInput } from '../core/parse-input';
import { decideUpload } from '../services/document-promotion';

/** GuardDuty Malware Protection for S3's "Object Scan Result" event (the fields used here). */
export type { ScanResultDetail } from '../core/inputs/events';

const RESULTS = new Set<MalwareScanResult>([
  'NO_THREATS_FOUND',
  'THREATS_FOUND',
  'UNSUPPORTED',
  'ACCESS_DENIED',
  'FAILED',
]);

/**
 * Records GuardDuty's verdict on an intake object and decides the upload if its validation is
 * done: only NO_THREATS_FOUND is promoted; anything else stays in quarantine and the
 * coordinator is told. A verdict may arrive before or after validation; repeats change nothing.
 * A verdict is about the version it names: one for another version of the same key (an upload
 * link used again) is never applied to the document.
 */
export async function handler(raw: unknown): Promise<void> {
  const event = parseInput(scanResultEvent, raw, 'the Object Scan Result event');
  const ids = parseIntakeDocumentKey(event.detail.s3ObjectDetails.objectKey);
  if (!ids) {
    logger.warn('scan result for an object outside the document layout');
    return;
  }
  const reported = event.detail.scanResultDetails?.scanResultStatus as MalwareScanResult | undefined;
  // A scan that did not complete counts as FAILED: never as clean.
  const result: MalwareScanResult = reported && RESULTS.has(reported) ? reported : 'FAILED';
  const threats = (event.detail.scanResultDetails?.threats ?? [])
    .map((threat) => threat.name)
    .filter((name): name is string => typeof name === 'string');
  const versionId = event.detail.s3ObjectDetails.versionId || undefined;
  const scan: MalwareScan = {
    result,
    // The event's own time (required by its schema): when GuardDuty gave the verdict.
    at: event.time,
    ...(threats.length > 0 ? { threats } : {}),
    ...(versionId ? { versionId } : {}),
  };
  const recorded = versionId
    ? await recordScan(ids.caseId, ids.documentId, { ...scan, versionId })
    : // No version named (an unversioned bucket): the verdict is about the only object there.
      (await transitionDocument(ids.caseId, ids.documentId, ['uploading', 'validating'], { scan }))
      ? 'applied'
      : 'not-recorded';
  // 'not-recorded': the document is decided, or this verdict is about another version of its key.
  logger.info('malware scan result', { ...ids, result, recorded });
  if (recorded !== 'not-recorded') await decideUpload(ids.caseId, ids.documentId);
}

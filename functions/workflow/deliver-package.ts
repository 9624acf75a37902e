import { audit } from '../adapters/audit-log';
import { addTimelineEvent, claimOnce, loadCase, mutateCase } from '../adapters/case-store';
import { getHospital } from '../adapters/hospital-directory';
import { logger } from '../adapters/logger';
import { notifyOnce } from '../adapters/notifier';
import { copyObject } from '../adapters/record-store';
import type { RelayFile } from '../core/case/record';
import { contentTypeForKind, relayFileDownload } from '../core/download-headers';
import { packageDeliveredForHospital } from '../core/messages/hospital';
import { objectKeys } from '../core/object-keys';
import { parseInput } from '../core/parse-input';
import { StaleSubmissionError, timedWorkflowInput } from './workflow-input';

/**
 * Copies the accepted records to the relay bucket under the hospital's prefix (server-side),
 * marks the case delivered and tells the hospital. Safe to retry: copies go to fixed keys,
 * the state change is conditional and the notification is sent once.
 */
export async function handler(event: unknown): Promise<{ fileCount: number }> {
  const input = parseInput(timedWorkflowInput, event, 'the DeliverPackage input');
  const aggregate = await loadCase(input.caseId);
  if (!aggregate || aggregate.record.submission !== input.submission) throw new StaleSubmissionError();
  const hospital = await getHospital(input.hospitalId);
  if (!hospital) throw new Error('hospital missing from the directory');
  const tellHospital = (fileCount: number) =>
    notifyOnce(
      input.caseId,
      `hospital-delivered-${input.submission}`,
      packageDeliveredForHospital(hospital.contactEmail, input.caseId, fileCount),
    );
  // Delivered already (an execution resumed after a restart passes through): copying again
  // could put back relay copies that were purged once the report arrived. The hospital is still
  // told, once, while it can see the case: the step may have stopped between delivering and telling.
  if (aggregate.record.status !== 'routing') {
    const fileCount = aggregate.record.relayFiles?.length ?? 0;
    if (aggregate.record.deliveredAt && aggregate.record.hospitalId === input.hospitalId)
      await tellHospital(fileCount);
    return { fileCount };
  }

  // The package's own files first (summary, manifest, translations), then the records.
  const sources: (Omit<RelayFile, 'key'> & { recordsKey: string })[] = [
    ...(aggregate.record.packageFiles ?? []).map(({ key, sourceDocumentId: _source, ...file }) => ({
      ...file,
      contentType: relayFileDownload(file).contentType,
      recordsKey: key,
    })),
    ...aggregate.documents
      .filter((document) => document.status === 'accepted' && document.recordsKey && document.sha256)
      .map((document) => ({
        fileId: document.documentId,
        fileName: document.fileName,
        category: document.itemId,
        size: document.size ?? 0,
        sha256: document.sha256 ?? '',
        contentType: contentTypeForKind(document.kind),
        recordsKey: document.recordsKey ?? '',
      })),
  ];
  const files: RelayFile[] = [];
  for (const { recordsKey, ...file } of sources) {
    const key = objectKeys.relayFile(input.hospitalId, input.caseId, input.submission, file.fileId);
    await copyObject({ bucket: 'records', key: recordsKey }, { bucket: 'relay', key }, file.size);
    files.push({ ...file, key });
  }

  const deliveredAt = new Date(input.now).toISOString();
  await mutateCase(input.caseId, (record) => {
    if (record.submission !== input.submission || record.status !== 'routing') return { result: false };
    return {
      changes: {
        set: { status: 'awaiting-receipt', deliveredAt, relayFiles: files },
        hospitalIndex: { hospitalId: input.hospitalId, sortKey: deliveredAt },
      },
      result: true,
    };
  });
  if (await claimOnce(input.caseId, `delivered:${input.submission}`)) {
    await addTimelineEvent(
      input.caseId,
      'delivered',
      `${files.length} records were delivered to ${hospital.name}.`,
    );
    await audit({
      caseId: input.caseId,
      actor: { role: 'system', id: 'deliver-package' },
      action: 'relay.deliver',
      target: input.hospitalId,
      outcome: 'allowed',
    });
  }
  await tellHospital(files.length);
  logger.info('package delivered', {
    caseId: input.caseId,
    submission: input.submission,
    fileCount: files.length,
  });
  return { fileCount: files.length };
}

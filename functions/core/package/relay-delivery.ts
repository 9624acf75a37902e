import type { CaseAggregate, CaseRecord, RelayFile } from '../case/record';
import { contentTypeForKind, relayFileDownload } from '../download-headers';

/** A file to put on the relay: what the hospital's list shows, and where the records keep it. */
export type RelaySource = Omit<RelayFile, 'key'> & { readonly recordsKey: string };

/** What the relay gets: the package's own files first (summary, manifest, translations), then the records. */
export function relaySources(aggregate: CaseAggregate): RelaySource[] {
  return [
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
}

/**
 * A case past routing was delivered already (an execution resumed after a restart passes
 * through): copying again could put back relay copies that were purged once the report arrived.
 * The hospital is still told, once, while it can see the case (delivered to it): the step may
 * have stopped between delivering and telling. Undefined while the case waits for delivery.
 */
export function priorDelivery(
  record: CaseRecord,
  hospitalId: string,
): { readonly fileCount: number; readonly tellHospital: boolean } | undefined {
  if (record.status === 'routing') return undefined;
  return {
    fileCount: record.relayFiles?.length ?? 0,
    tellHospital: Boolean(record.deliveredAt) && record.hospitalId === hospitalId,
  };
}

/** Whether the delivery may still be recorded: the same submission, still routing. */
export const awaitsDelivery = (record: CaseRecord, submission: number): boolean =>
  record.submission === submission && record.status === 'routing';

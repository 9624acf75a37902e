import type { CaseAggregate, CaseRecord, RelayDicomRef, RelayFile, RelaySeries } from '../case/record';
import type { DicomSummary } from '../dicom';
import { contentTypeForKind, relayFileDownload } from '../download-headers';

/** A file to put on the relay: what the hospital's list shows, and where the records keep it. */
export type RelaySource = Omit<RelayFile, 'key'> & { readonly recordsKey: string };

export interface RelayPlan {
  readonly files: readonly RelaySource[];
  /** The DICOM series the files belong to, once each (files name them by index). */
  readonly series: readonly RelaySeries[];
}

/**
 * What the relay gets: the package's own files first (summary, its data, manifest, translations),
 * then the records; each DICOM record with its series and instance number from its header, as
 * validation recorded it (so the portal opens a series without reading any object first).
 */
export function planRelay(aggregate: CaseAggregate): RelayPlan {
  const series: RelaySeries[] = [];
  const seriesIndex = new Map<string, number>();
  const refOf = (dicom: DicomSummary): RelayDicomRef => {
    const id = `${dicom.studyInstanceUid}|${dicom.seriesInstanceUid}`;
    let index = seriesIndex.get(id);
    if (index === undefined) {
      index = series.length;
      seriesIndex.set(id, index);
      series.push({
        studyInstanceUid: dicom.studyInstanceUid,
        seriesInstanceUid: dicom.seriesInstanceUid,
        ...(dicom.modality ? { modality: dicom.modality } : {}),
        ...(dicom.seriesDescription ? { seriesDescription: dicom.seriesDescription } : {}),
      });
    }
    return {
      series: index,
      ...(dicom.instanceNumber !== undefined ? { instanceNumber: dicom.instanceNumber } : {}),
    };
  };
  const files: RelaySource[] = [
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
        ...(document.dicom ? { dicom: refOf(document.dicom) } : {}),
        recordsKey: document.recordsKey ?? '',
      })),
  ];
  return { files, series };
}

/** The files of `planRelay`, in order. */
export const relaySources = (aggregate: CaseAggregate): RelaySource[] => [...planRelay(aggregate).files];

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

import { copyWithPrefix } from '../adapters/record-store';
import type { DocumentRecord } from '../core/case/record';
import type { DicomSummary } from '../core/dicom';
import { dataSetOffset, part10Prefix } from '../core/dicom-part10';
import { objectKeys } from '../core/object-keys';

/**
 * A DICOM data set uploaded without its Part 10 preamble (an older PACS export) is delivered as a
 * Part 10 file: a copy with the preamble, `DICM` and a correct meta group before the original's
 * data set, written beside the original in quarantine (the original is kept). Streamed, never
 * held whole; `size` and `sha256` are of the bytes written.
 */
export async function wrapRawDataSet(
  document: DocumentRecord,
  versionId: string | undefined,
  summary: DicomSummary,
): Promise<{ intakeKey: string; versionId?: string; size: number; sha256: string }> {
  const intakeKey = objectKeys.intakeWrapped(document.caseId, document.documentId);
  const written = await copyWithPrefix(
    {
      bucket: 'intake',
      key: document.intakeKey,
      ...(versionId ? { versionId } : {}),
      skip: dataSetOffset(summary),
    },
    { bucket: 'intake', key: intakeKey, contentType: 'application/dicom' },
    part10Prefix(summary),
  );
  return {
    intakeKey,
    ...(written.versionId ? { versionId: written.versionId } : {}),
    size: written.size,
    sha256: written.sha256,
  };
}

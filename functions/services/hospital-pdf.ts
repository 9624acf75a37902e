import { getReportUpload } from '../adapters/case-store';
import { copyObject, headObject, readHead, sha256Of } from '../adapters/record-store';
import type { AuthFor } from '../core/actor';
import type { CaseRecord, ReportUploadRecord } from '../core/case/record';
import { ConflictError, ValidationError } from '../core/errors';
import { detectFileKind } from '../core/file-type';
import { objectKeys } from '../core/object-keys';
import { auditAction } from './case-access';
import { ActiveContentRefusedError, refuseActiveContent } from './pdf-safety';

export interface AcceptedPdf {
  readonly upload: ReportUploadRecord;
  readonly recordsKey: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * A PDF the hospital uploaded to the relay (its report or an addendum), checked by the object
 * itself (its real size and first bytes, not what was declared) and copied back to the
 * records bucket under the case's own key. The check, the copy and the hash are about one
 * version: the one the first read found (the upload link can be used again meanwhile).
 */
export async function acceptHospitalPdf(
  record: CaseRecord,
  auth: AuthFor<'hospital'>,
  uploadId: string,
  what: 'report' | 'addendum',
): Promise<AcceptedPdf> {
  const upload = await getReportUpload(record.caseId, uploadId);
  if (!upload || upload.hospitalId !== auth.hospitalId) {
    throw new ValidationError('The request body is not valid.', [
      { path: 'uploadId', message: 'No such upload.' },
    ]);
  }
  const stored = await headObject('relay', upload.relayKey);
  const size = stored?.size;
  const versionId = stored?.versionId;
  if (size === undefined) {
    throw new ConflictError(`${what}_not_uploaded`, `The ${what} file has not been uploaded yet.`);
  }
  if (size === 0 || size > upload.declaredSize) {
    await auditAction(record.caseId, auth.actor, `relay.${what}.reject`, upload.uploadId, 'denied');
    throw new ValidationError(
      `The uploaded ${what} is empty or not the announced size. Please upload it again.`,
    );
  }
  if (detectFileKind(await readHead('relay', upload.relayKey, 1024, versionId)) !== 'pdf') {
    await auditAction(record.caseId, auth.actor, `relay.${what}.reject`, upload.uploadId, 'denied');
    throw new ValidationError(`The uploaded ${what} is not a PDF file.`);
  }
  // A signed opinion is never rewritten: one with active content is refused, for the
  // hospital's own system to export again.
  await refuseActiveContent('relay', upload.relayKey, size, what, versionId).catch(async (error) => {
    if (error instanceof ActiveContentRefusedError) {
      await auditAction(record.caseId, auth.actor, `relay.${what}.reject`, upload.uploadId, 'denied');
    }
    throw error;
  });
  const recordsKey = objectKeys.recordsReport(record.caseId, upload.uploadId);
  const copied = await copyObject(
    { bucket: 'relay', key: upload.relayKey, ...(versionId ? { versionId } : {}) },
    { bucket: 'records', key: recordsKey },
    size,
  );
  const { sha256 } = await sha256Of('records', recordsKey, copied.versionId);
  return { upload, recordsKey, size, sha256 };
}

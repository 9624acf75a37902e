import { createHash } from 'node:crypto';
import { getCertifiedUpload } from '../../adapters/case-store';
import { getHospital } from '../../adapters/hospital-directory';
import { objectSize, readHead } from '../../adapters/record-store';
import { decideCertifiedTranslation } from '../../core/case/certified-translation';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import { detectFileKind } from '../../core/file-type';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { refuseActiveContent } from '../../services/pdf-safety';
import { completeStage } from '../../services/workflow-callbacks';

/**
 * Records a certified translation once its PDF is in place (checked from the object itself).
 * When every document the hospital named has one, the workflow's wait ends and the package
 * is built with them.
 */
export const handler = route({ auth: 'coordinator' }, async ({ auth, params, now }) => {
  const { record, documents } = await loadCaseFor(auth, params.caseId ?? '', 'certified-translation.record');
  const upload = await getCertifiedUpload(record.caseId, params.uploadId ?? '');
  if (!upload) throw new NotFoundError('No such upload.');
  const size = await objectSize('records', upload.key);
  if (size === undefined)
    throw new ConflictError('not_uploaded', 'The translation file has not been uploaded yet.');
  if (
    size === 0 ||
    size > upload.declaredSize ||
    detectFileKind(await readHead('records', upload.key, 1024)) !== 'pdf'
  ) {
    throw new ValidationError(
      'The uploaded translation is not a PDF of the announced size. Please upload it again.',
    );
  }
  // A certified translation is never rewritten: one with active content is refused.
  const checked = await refuseActiveContent('records', upload.key, size, 'translation');
  const sha256 = createHash('sha256').update(checked).digest('hex');
  const hospital = record.hospitalId ? await getHospital(record.hospitalId) : undefined;
  if (!hospital) throw new ConflictError('invalid_state', 'This case has no hospital.');
  const { missing, completion } = decideCertifiedTranslation(record, documents, hospital, upload, {
    size,
    sha256,
    now,
  });
  await auditAction(record.caseId, auth.actor, 'certified-translation.record', upload.uploadId);
  const { record: updated } = await completeStage(record.caseId, {
    ...completion,
    stage: 'certified-translation',
    now,
  });
  return { statusCode: 200, body: { caseId: updated.caseId, status: updated.status, missing } };
});

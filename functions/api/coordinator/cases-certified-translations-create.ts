import { putCertifiedUpload } from '../../adapters/case-store';
import { presignUpload } from '../../adapters/record-store';
import { ConflictError, ValidationError } from '../../core/errors';
import { newId } from '../../core/ids';
import { objectKeys } from '../../core/object-keys';
import { certifiedUploadSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

/** A coordinator uploads the certified Chinese translation of one document the hospital named. */
export const handler = route(
  { auth: 'coordinator', body: certifiedUploadSchema },
  async ({ auth, body, params, now }) => {
    const { record, documents } = await loadCaseFor(
      auth,
      params.caseId ?? '',
      'certified-translation.upload-url',
    );
    if (record.status !== 'awaiting-certified-translation') {
      throw new ConflictError('invalid_state', 'This case is not waiting for certified translations.');
    }
    if (!documents.some((doc) => doc.documentId === body.documentId && doc.status === 'accepted')) {
      throw new ValidationError('The request body is not valid.', [
        { path: 'documentId', message: 'No such accepted document.' },
      ]);
    }
    const uploadId = newId('cert');
    const key = objectKeys.certifiedTranslation(record.caseId, uploadId);
    await putCertifiedUpload({
      caseId: record.caseId,
      uploadId,
      documentId: body.documentId,
      fileName: body.fileName,
      declaredSize: body.size,
      key,
      createdAt: now.toISOString(),
    });
    const upload = await presignUpload('records', key, body.contentType, body.size);
    await auditAction(record.caseId, auth.actor, 'certified-translation.upload-url', uploadId);
    return { statusCode: 201, body: { uploadId, ...upload } };
  },
);

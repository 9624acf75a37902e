import { putCertifiedUpload } from '../../adapters/case-store';
import { ConflictError, ValidationError } from '../../core/errors';
import { objectKeys } from '../../core/object-keys';
import { certifiedUploadSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { issuePdfUpload } from '../../services/pdf-uploads';

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
    const upload = await issuePdfUpload({
      caseId: record.caseId,
      actor: auth.actor,
      action: 'certified-translation.upload-url',
      idPrefix: 'cert',
      bucket: 'records',
      keyFor: (uploadId) => objectKeys.certifiedTranslation(record.caseId, uploadId),
      file: body,
      at: now,
      save: (pending) => putCertifiedUpload({ ...pending, documentId: body.documentId }),
    });
    return { statusCode: 201, body: upload };
  },
);

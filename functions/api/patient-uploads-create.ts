import { getCase, putDocument } from '../adapters/case-store';
import { presignUpload } from '../adapters/record-store';
import { acceptedContentTypes, checklistItem } from '../core/checklist';
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { objectKeys } from '../core/object-keys';
import { MAX_SINGLE_UPLOAD_BYTES, uploadRequestSchema } from '../core/schemas';
import { route } from '../http/route';
import { auditAction } from '../services/case-access';

export const handler = route({ auth: 'patient', body: uploadRequestSchema }, async ({ auth, body }) => {
  const record = await getCase(auth.caseId);
  if (!record) throw new NotFoundError('No such case.');
  if (record.status !== 'collecting') {
    throw new ConflictError(
      'case_submitted',
      'Records can no longer be added: the case was already submitted.',
    );
  }
  const item = checklistItem(record.cancerType, body.itemId);
  if (item.accepts.length === 0) {
    throw new ValidationError('The request body is not valid.', [
      { path: 'itemId', message: 'This item is entered in the form, not uploaded as a file.' },
    ]);
  }
  const accepted = acceptedContentTypes(item);
  if (!accepted.includes(body.contentType)) {
    throw new ValidationError('The request body is not valid.', [
      { path: 'contentType', message: `This item accepts ${accepted.join(', ')}.`, accepted },
    ]);
  }
  if (body.size > MAX_SINGLE_UPLOAD_BYTES) {
    throw new PayloadTooLargeError(`Files are limited to ${MAX_SINGLE_UPLOAD_BYTES} bytes.`);
  }

  // Every upload gets its own key: nothing a patient sends can overwrite an earlier file.
  const documentId = newId('doc');
  const intakeKey = objectKeys.intakeDocument(record.caseId, documentId);
  const now = new Date().toISOString();
  await putDocument({
    caseId: record.caseId,
    documentId,
    itemId: body.itemId,
    fileName: body.fileName,
    contentType: body.contentType,
    declaredSize: body.size,
    status: 'uploading',
    intakeKey,
    createdAt: now,
    updatedAt: now,
  });
  const upload = await presignUpload('intake', intakeKey, body.contentType, body.size);
  await auditAction(record.caseId, auth.actor, 'document.upload-url', documentId);
  return { statusCode: 201, body: { uploadId: documentId, documentId, ...upload } };
});

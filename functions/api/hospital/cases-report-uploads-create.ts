import { putReportUpload } from '../../adapters/case-store';
import { presignUpload } from '../../adapters/record-store';
import { isReportAwaited } from '../../core/case/status';
import { ConflictError, PayloadTooLargeError } from '../../core/errors';
import { newId } from '../../core/ids';
import { objectKeys } from '../../core/object-keys';
import { relayReportUploadResponse } from '../../core/responses/relay';
import { MAX_SINGLE_UPLOAD_BYTES, reportUploadSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

export const handler = route(
  { auth: 'hospital', body: reportUploadSchema, response: relayReportUploadResponse },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.report-upload');
    // The report while it is awaited; afterwards an addendum, while questions are open.
    const addendumDue =
      record.status === 'completed' && (record.questions ?? []).some((question) => !question.answer);
    if (!isReportAwaited(record.status) && !addendumDue) {
      throw new ConflictError(
        'invalid_state',
        'A report can be uploaded once receipt has been confirmed, an addendum while questions are open.',
      );
    }
    if (body.size > MAX_SINGLE_UPLOAD_BYTES) {
      throw new PayloadTooLargeError(`Reports are limited to ${MAX_SINGLE_UPLOAD_BYTES} bytes.`);
    }
    const uploadId = newId('rpt');
    const relayKey = objectKeys.relayReportUpload(auth.hospitalId, record.caseId, uploadId);
    await putReportUpload({
      caseId: record.caseId,
      uploadId,
      hospitalId: auth.hospitalId,
      fileName: body.fileName,
      declaredSize: body.size,
      relayKey,
      createdAt: now.toISOString(),
    });
    const upload = await presignUpload('relay', relayKey, body.contentType, body.size);
    await auditAction(record.caseId, auth.actor, 'relay.report-upload-url', uploadId);
    return { statusCode: 201, body: { uploadId, ...upload } };
  },
);

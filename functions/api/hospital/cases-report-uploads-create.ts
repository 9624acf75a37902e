import { putReportUpload } from '../../adapters/case-store';
import { isReportAwaited } from '../../core/case/status';
import { ConflictError, PayloadTooLargeError } from '../../core/errors';
import { objectKeys } from '../../core/object-keys';
import { relayReportUploadResponse } from '../../core/responses/relay';
import { MAX_SINGLE_UPLOAD_BYTES, reportUploadSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { issuePdfUpload } from '../../services/pdf-uploads';

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
    const upload = await issuePdfUpload({
      caseId: record.caseId,
      actor: auth.actor,
      action: 'relay.report-upload-url',
      idPrefix: 'rpt',
      bucket: 'relay',
      keyFor: (uploadId) => objectKeys.relayReportUpload(auth.hospitalId, record.caseId, uploadId),
      file: body,
      at: now,
      save: ({ key, ...pending }) =>
        putReportUpload({ ...pending, hospitalId: auth.hospitalId, relayKey: key }),
    });
    return { statusCode: 201, body: upload };
  },
);

import { getReportUpload } from '../adapters/case-store';
import { copyObject, objectSize, readHead, sha256Of } from '../adapters/record-store';
import { ConflictError, ValidationError } from '../core/errors';
import { detectFileKind } from '../core/file-type';
import { objectKeys } from '../core/object-keys';
import { reportSchema } from '../core/schemas';
import { route } from '../http/route';
import { auditAction, loadCaseFor } from '../services/case-access';
import { purgeRelayCopies } from '../services/relay-purge';
import { completeStage } from '../services/workflow-callbacks';

export const handler = route({ auth: 'hospital', body: reportSchema }, async ({ auth, body, params }) => {
  const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.report');
  if (record.report?.uploadId === body.uploadId) {
    return { statusCode: 200, body: { caseId: record.caseId, status: record.status } };
  }
  if (record.status !== 'under-review' && record.status !== 'overdue') {
    throw new ConflictError('invalid_state', 'A report can be delivered once receipt has been confirmed.');
  }
  const upload = await getReportUpload(record.caseId, body.uploadId);
  if (!upload || upload.hospitalId !== auth.hospitalId) {
    throw new ValidationError('The request body is not valid.', [
      { path: 'uploadId', message: 'No such upload.' },
    ]);
  }
  // The object itself is the truth: its real size and its first bytes, not what was declared.
  const size = await objectSize('relay', upload.relayKey);
  if (size === undefined) {
    throw new ConflictError('report_not_uploaded', 'The report file has not been uploaded yet.');
  }
  if (size === 0 || size > upload.declaredSize) {
    await auditAction(record.caseId, auth.actor, 'relay.report.reject', upload.uploadId, 'denied');
    throw new ValidationError(
      'The uploaded report is empty or not the announced size. Please upload it again.',
    );
  }
  if (detectFileKind(await readHead('relay', upload.relayKey, 1024)) !== 'pdf') {
    await auditAction(record.caseId, auth.actor, 'relay.report.reject', upload.uploadId, 'denied');
    throw new ValidationError('The uploaded report is not a PDF file.');
  }
  const recordsKey = objectKeys.recordsReport(record.caseId, upload.uploadId);
  await copyObject({ bucket: 'relay', key: upload.relayKey }, { bucket: 'records', key: recordsKey }, size);
  const { sha256 } = await sha256Of('records', recordsKey);
  const receivedAt = new Date().toISOString();
  const { record: updated } = await completeStage(record.caseId, {
    stage: 'report',
    from: ['under-review', 'overdue'],
    to: 'awaiting-summary',
    set: () => ({
      report: {
        uploadId: upload.uploadId,
        recordsKey,
        fileName: upload.fileName,
        size,
        sha256,
        outcome: body.outcome,
        specialist: body.specialist,
        receivedAt,
      },
    }),
    output: () => ({ outcome: body.outcome }),
    timeline: { type: 'report-received', detail: 'The hospital delivered its written opinion.' },
    conflictMessage: 'A report can be delivered once receipt has been confirmed.',
  });
  await auditAction(record.caseId, auth.actor, 'relay.report.deliver', upload.uploadId);
  // The hospital has what it needed: its relay copies (and its report upload) go now.
  await purgeRelayCopies(updated, [upload.relayKey]);
  return { statusCode: 200, body: { caseId: updated.caseId, status: updated.status } };
});

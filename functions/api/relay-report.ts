import { env } from '../../infra/definitions';
import { addTimelineEvent, getReportUpload } from '../adapters/case-store';
import { requireEnv } from '../adapters/env';
import { notifyOnce } from '../adapters/notifier';
import { copyObject, objectSize, readHead, sha256Of } from '../adapters/record-store';
import { ConflictError, ValidationError } from '../core/errors';
import { detectFileKind } from '../core/file-type';
import { objectKeys } from '../core/object-keys';
import { divergence } from '../core/opinion';
import { reportSchema } from '../core/schemas';
import { route } from '../http/route';
import { auditAction, loadCaseFor } from '../services/case-access';
import { purgeRelayCopies } from '../services/relay-purge';
import { completeStage } from '../services/workflow-callbacks';

export const handler = route(
  { auth: 'hospital', body: reportSchema },
  async ({ auth, body, params, now }) => {
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
    const receivedAt = now.toISOString();
    // Compared with what the case held before: the staging on record and the home plan.
    const points = divergence(body.opinion, {
      ...(record.diagnosis?.stage ? { stage: record.diagnosis.stage } : {}),
      ...(record.treatmentHistory?.currentPlan ? { plan: record.treatmentHistory.currentPlan } : {}),
    });
    const { record: updated, alreadyDone } = await completeStage(record.caseId, {
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
          outcome: body.opinion.outcome,
          specialist: body.specialist,
          receivedAt,
          language: body.language,
          opinion: body.opinion,
        },
        ...(points.length > 0 ? { divergence: { points, flaggedAt: receivedAt } } : {}),
      }),
      output: () => ({ outcome: body.opinion.outcome }),
      timeline: { type: 'report-received', detail: 'The hospital delivered its written opinion.' },
      conflictMessage: 'A report can be delivered once receipt has been confirmed.',
    });
    await auditAction(record.caseId, auth.actor, 'relay.report.deliver', upload.uploadId);
    if (!alreadyDone && updated.divergence) {
      await addTimelineEvent(
        record.caseId,
        'opinion-diverges',
        `The opinion differs from the home plan on: ${updated.divergence.points.map((point) => point.kind).join(', ')}.`,
      );
      await notifyOnce(record.caseId, 'divergence-coordinator', {
        to: requireEnv(env.coordinatorEmail),
        subject: `Case ${record.caseId}: the opinion diverges from the home plan`,
        text: `The opinion for case ${record.caseId} differs on ${updated.divergence.points.map((point) => point.kind).join(' and ')}. Review it before the summary; you can request a clinician-to-clinician call or open a third review.`,
      });
    }
    // The hospital has what it needed: its relay copies (and its report upload) go now.
    await purgeRelayCopies(updated, [upload.relayKey]);
    return { statusCode: 200, body: { caseId: updated.caseId, status: updated.status } };
  },
);

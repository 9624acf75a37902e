import { addTimelineEvent } from '../../adapters/case-store';
import { notifyOnce } from '../../adapters/notifier';
import { setting } from '../../adapters/settings';
import { ConflictError } from '../../core/errors';
import { divergence } from '../../core/opinion';
import { reportSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { acceptHospitalPdf } from '../../services/hospital-pdf';
import { purgeRelayCopies } from '../../services/relay-purge';
import { completeStage } from '../../services/workflow-callbacks';

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
    const { upload, recordsKey, size, sha256 } = await acceptHospitalPdf(
      record,
      auth,
      body.uploadId,
      'report',
    );
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
        to: setting('coordinatorEmail'),
        subject: `Case ${record.caseId}: the opinion diverges from the home plan`,
        text: `The opinion for case ${record.caseId} differs on ${updated.divergence.points.map((point) => point.kind).join(' and ')}. Review it before the summary; you can request a clinician-to-clinician call or open a third review.`,
      });
    }
    // The hospital has what it needed: its relay copies (and its report upload) go now.
    await purgeRelayCopies(updated, [upload.relayKey]);
    return { statusCode: 200, body: { caseId: updated.caseId, status: updated.status } };
  },
);

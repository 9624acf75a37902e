import { addTimelineEvent } from '../../adapters/case-store';
import { notifyOnce } from '../../adapters/notifier';
import { setting } from '../../adapters/settings';
import { checkReportAwaited, decideReport } from '../../core/case/report';
import { divergenceForCoordinator } from '../../core/messages/coordinator';
import { relayReportResponse } from '../../core/responses/relay';
import { reportSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { acceptHospitalPdf } from '../../services/hospital-pdf';
import { purgeRelayCopies } from '../../services/relay-purge';
import { completeStage } from '../../services/workflow-callbacks';

export const handler = route(
  { auth: 'hospital', body: reportSchema, response: relayReportResponse },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.report');
    if (record.report?.uploadId === body.uploadId) {
      return { statusCode: 200, body: { caseId: record.caseId, status: record.status } };
    }
    checkReportAwaited(record);
    const accepted = await acceptHospitalPdf(record, auth, body.uploadId, 'report');
    const { upload } = accepted;
    const { record: updated, alreadyDone } = await completeStage(record.caseId, {
      ...decideReport(record, body, accepted, now),
      stage: 'report',
      now,
    });
    await auditAction(record.caseId, auth.actor, 'relay.report.deliver', upload.uploadId);
    if (!alreadyDone && updated.divergence) {
      await addTimelineEvent(
        record.caseId,
        'opinion-diverges',
        `The opinion differs from the home plan on: ${updated.divergence.points.map((point) => point.kind).join(', ')}.`,
      );
      await notifyOnce(
        record.caseId,
        'divergence-coordinator',
        divergenceForCoordinator(setting('coordinatorEmail'), record.caseId, updated.divergence.points),
      );
    }
    // The hospital has what it needed: its relay copies (and its report upload) go now.
    await purgeRelayCopies(updated, [upload.relayKey]);
    return { statusCode: 200, body: { caseId: updated.caseId, status: updated.status } };
  },
);

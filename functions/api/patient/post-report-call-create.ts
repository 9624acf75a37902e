import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { notifyOnce } from '../../adapters/notifier';
import { setting } from '../../adapters/settings';
import { ConflictError, NotFoundError } from '../../core/errors';
import { postReportCallForCoordinator } from '../../core/messages/coordinator';
import { postReportCallSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

/** After the report, the patient asks for the post-report call; the coordinator arranges it. */
export const handler = route({ auth: 'patient', body: postReportCallSchema }, async ({ auth, body, now }) => {
  const { record } = await loadCaseFor(auth, auth.caseId, 'report.call-request');
  const outcome = await mutateCase(record.caseId, (current) => {
    if (current.status !== 'completed') {
      throw new ConflictError(
        'invalid_state',
        'The call can be requested once you have received the report.',
      );
    }
    if (current.postReportCall) return { result: false };
    return {
      changes: {
        set: { postReportCall: { preferredTimes: body.preferredTimes, requestedAt: now.toISOString() } },
      },
      result: true,
    };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  if (outcome.result) {
    await notifyOnce(
      record.caseId,
      'post-report-call-coordinator',
      postReportCallForCoordinator(setting('coordinatorEmail'), record.caseId),
    );
    await addTimelineEvent(
      record.caseId,
      'post-report-call-requested',
      'The patient asked for the post-report call.',
    );
    await auditAction(record.caseId, auth.actor, 'report.call-request');
  }
  return { statusCode: outcome.result ? 201 : 200, body: { postReportCall: outcome.record.postReportCall } };
});

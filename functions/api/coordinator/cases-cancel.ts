import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { revokeSubject, subjects } from '../../adapters/token-store';
import { stopCaseExecution } from '../../adapters/workflow';
import { ConflictError, NotFoundError } from '../../core/errors';
import { executionName } from '../../core/ids';
import { cancelSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { purgeRelayCopies } from '../../services/relay-purge';

/**
 * Cancels a case: its workflow stops, the patient's link stops working, and the relay's copies
 * go. The records themselves stay (erasure at the patient's request is a separate act).
 */
export const handler = route({ auth: 'coordinator', body: cancelSchema }, async ({ auth, body, params }) => {
  const { record } = await loadCaseFor(auth, params.caseId ?? '', 'case.cancel');
  const outcome = await mutateCase(record.caseId, (current) => {
    if (current.status === 'completed')
      throw new ConflictError('invalid_state', 'A completed case cannot be cancelled.');
    if (current.status === 'cancelled') return { result: true };
    return { changes: { set: { status: 'cancelled' } }, result: false };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  const { record: updated, result: alreadyCancelled } = outcome;
  // Repeated, the clean-up runs again (it heals a crash halfway), but is recorded once.
  if (updated.submission > 0)
    await stopCaseExecution(executionName(updated.caseId, updated.submission), 'cancelled by a coordinator');
  await revokeSubject(subjects.case(updated.caseId));
  if ((updated.relayFiles ?? []).length > 0) await purgeRelayCopies(updated);
  if (!alreadyCancelled) {
    await addTimelineEvent(updated.caseId, 'cancelled', `A coordinator cancelled the case: ${body.reason}`);
    await auditAction(updated.caseId, auth.actor, 'case.cancel');
  }
  return { statusCode: 200, body: { caseId: updated.caseId, status: 'cancelled' } };
});

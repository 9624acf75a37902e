import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { isReportAwaited } from '../../core/case/status';
import { ConflictError, NotFoundError } from '../../core/errors';
import { relaySpecialistResponse } from '../../core/responses/relay';
import { specialistSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

/** The hospital names the specialist it assigned; coordinator and patient see who it is. */
export const handler = route(
  { auth: 'hospital', body: specialistSchema, response: relaySpecialistResponse },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.specialist');
    const specialist = { ...body, assignedAt: now.toISOString() };
    const outcome = await mutateCase(record.caseId, (current) => {
      if (!isReportAwaited(current.status)) {
        throw new ConflictError(
          'invalid_state',
          'A specialist can be assigned once receipt has been confirmed.',
        );
      }
      return { changes: { set: { specialist } }, result: true };
    });
    if (!outcome) throw new NotFoundError('No such case.');
    await addTimelineEvent(
      record.caseId,
      'specialist-assigned',
      `The hospital assigned ${body.name} (${body.department}).`,
    );
    await auditAction(record.caseId, auth.actor, 'relay.specialist.assign');
    return { statusCode: 200, body: { specialist } };
  },
);

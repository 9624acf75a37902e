import { addTimelineEvent, mutateCase } from '../adapters/case-store';
import { ConflictError, NotFoundError } from '../core/errors';
import { treatmentHistorySchema } from '../core/schemas';
import { route } from '../http/route';
import { auditAction } from '../services/case-access';

/** The body is checked against today's date (UTC+14, the earliest calendar day anywhere, is the bound). */
const latestTodayAnywhere = () => new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10);

const schema = () => treatmentHistorySchema(latestTodayAnywhere());

export const handler = route({ auth: 'patient', body: schema }, async ({ auth, body: history }) => {
  const outcome = await mutateCase(auth.caseId, (record) => {
    if (record.status !== 'collecting') {
      throw new ConflictError(
        'case_submitted',
        'The treatment history can no longer change: the case was submitted.',
      );
    }
    return { changes: { set: { treatmentHistory: history } }, result: true };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  await addTimelineEvent(auth.caseId, 'treatment-history-saved', 'The patient saved the treatment history.');
  await auditAction(auth.caseId, auth.actor, 'treatment-history.write');
  return { statusCode: 200, body: { treatmentHistory: history } };
});

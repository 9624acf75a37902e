import { audit } from '../../adapters/audit-log';
import { deleteCaseItems, mutateCase } from '../../adapters/case-store';
import { listHospitals } from '../../adapters/hospital-directory';
import { logger } from '../../adapters/logger';
import { eraseObjects } from '../../adapters/record-store';
import { revokeSubject, subjects } from '../../adapters/token-store';
import { stopCaseExecution } from '../../adapters/workflow';
import { NotFoundError, ValidationError } from '../../core/errors';
import { executionName } from '../../core/ids';
import { eraseSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

/**
 * Erases a case at the patient's request: its executions stop, its links stop working, every
 * version of every object it has in the intake, records and relay buckets is deleted, then
 * every item of the case. What remains is the audit trail (ids, never PHI) with a record of
 * the erasure: who, when, how much. Interrupted, it can be run again; finished, the case
 * answers 404. Backups and point-in-time recovery age out by their retention (README).
 */
export const handler = route(
  { auth: 'coordinator', body: eraseSchema },
  async ({ auth, body, params, now }) => {
    const caseId = params.caseId ?? '';
    if (body.confirmCaseId !== caseId) {
      throw new ValidationError('The request body is not valid.', [
        { path: 'confirmCaseId', message: 'Repeat the id of the case to erase.' },
      ]);
    }
    const { record } = await loadCaseFor(auth, caseId, 'case.erase');
    const marked = await mutateCase(caseId, (current) =>
      current.erasure
        ? { result: true }
        : {
            changes: {
              set: {
                status: 'cancelled' as const,
                erasure: { requestedBy: body.requestedBy, startedAt: now.toISOString(), by: auth.actor.id },
              },
            },
            result: true,
          },
    );
    if (!marked) throw new NotFoundError('No such case.');

    for (let submission = 1; submission <= record.submission; submission += 1) {
      await stopCaseExecution(executionName(caseId, submission), 'erased at the patient’s request');
    }
    await revokeSubject(subjects.case(caseId));

    const prefix = `cases/${caseId}/`;
    const hospitalIds = new Set([
      ...(record.hospitalId ? [record.hospitalId] : []),
      ...(await listHospitals()).map((hospital) => hospital.hospitalId),
    ]);
    const counts = { intakeObjects: 0, recordsObjects: 0, relayObjects: 0, items: 0 };
    counts.intakeObjects = await eraseObjects('intake', prefix);
    counts.recordsObjects = await eraseObjects('records', prefix);
    for (const hospitalId of hospitalIds) {
      counts.relayObjects += await eraseObjects('relay', `hospitals/${hospitalId}/cases/${caseId}/`);
    }
    counts.items = await deleteCaseItems(caseId);

    await audit({ caseId, actor: auth.actor, action: 'case.erased', outcome: 'allowed', counts });
    logger.info('case erased', { caseId, ...counts });
    return { statusCode: 200, body: { caseId, erased: true, ...counts } };
  },
);

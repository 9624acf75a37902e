import { addTimelineEvent, updateCase } from '../../adapters/case-store';
import { getHospital } from '../../adapters/hospital-directory';
import { logger } from '../../adapters/logger';
import { startCaseExecution } from '../../adapters/workflow';
import { decideSubmission } from '../../core/case/submission';
import { ValidationError } from '../../core/errors';
import { executionName } from '../../core/ids';
import { submitSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

export const handler = route({ auth: 'coordinator', body: submitSchema }, async ({ auth, body, params }) => {
  const { record, documents } = await loadCaseFor(auth, params.caseId ?? '', 'case.submit');
  const hospital = await getHospital(body.hospitalId);
  if (!hospital) {
    throw new ValidationError('The request body is not valid.', [
      { path: 'hospitalId', message: 'No such hospital.' },
    ]);
  }
  const decision = decideSubmission(record, documents, hospital);
  const submission = decision.kind === 'submit' ? decision.submission : record.submission;
  const start = () =>
    startCaseExecution(executionName(record.caseId, submission), {
      caseId: record.caseId,
      submission,
      hospitalId: body.hospitalId,
    });
  if (decision.kind === 'repeat') {
    // Make sure the execution exists (it may not if the first call crashed after the write),
    // without starting a second one.
    if (record.status === 'routing') await start();
    return { statusCode: 202, body: { caseId: record.caseId, status: record.status, submission } };
  }
  await updateCase(record, { set: decision.set });
  await addTimelineEvent(
    record.caseId,
    'submitted',
    `Submitted to ${hospital.name} (submission ${submission}).`,
  );
  await auditAction(record.caseId, auth.actor, 'case.route', body.hospitalId);
  const { started } = await start();
  logger.info('case submitted', { caseId: record.caseId, submission, started });
  return { statusCode: 202, body: { caseId: record.caseId, status: 'routing', submission } };
});

import { addTimelineEvent, updateCase } from '../../adapters/case-store';
import { getHospital } from '../../adapters/hospital-directory';
import { logger } from '../../adapters/logger';
import { startCaseExecution } from '../../adapters/workflow';
import { computeGaps } from '../../core/case-model';
import { ConflictError, ValidationError } from '../../core/errors';
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
  if (!hospital.cancerTypes.includes(record.cancerType)) {
    throw new ConflictError('hospital_not_suitable', 'This hospital does not review this cancer type.');
  }

  if (record.status !== 'collecting') {
    if (record.hospitalId !== body.hospitalId || record.status === 'cancelled') {
      throw new ConflictError('already_submitted', 'The case was already submitted.');
    }
    // A repeated submit: make sure the execution exists (it may not if the first call
    // crashed after the write), without starting a second one.
    if (record.status === 'routing') {
      await startCaseExecution(executionName(record.caseId, record.submission), {
        caseId: record.caseId,
        submission: record.submission,
        hospitalId: record.hospitalId,
      });
    }
    return {
      statusCode: 202,
      body: { caseId: record.caseId, status: record.status, submission: record.submission },
    };
  }

  // Readiness is evaluated now, against this hospital.
  const gaps = computeGaps(record, documents, body.hospitalId).filter((gap) => gap.severity === 'blocking');
  if (gaps.length > 0) {
    throw new ConflictError(
      'not_ready',
      'The case is not ready to submit.',
      gaps.map((gap) => ({ path: gap.itemId, ...gap })),
    );
  }
  const submission = record.submission + 1;
  await updateCase(record.caseId, record.version, {
    set: { status: 'routing', submission, hospitalId: body.hospitalId, callbacks: {} },
  });
  await addTimelineEvent(
    record.caseId,
    'submitted',
    `Submitted to ${hospital.name} (submission ${submission}).`,
  );
  await auditAction(record.caseId, auth.actor, 'case.route', body.hospitalId);
  const { started } = await startCaseExecution(executionName(record.caseId, submission), {
    caseId: record.caseId,
    submission,
    hospitalId: body.hospitalId,
  });
  logger.info('case submitted', { caseId: record.caseId, submission, started });
  return { statusCode: 202, body: { caseId: record.caseId, status: 'routing', submission } };
});

import { presignDownload } from '../adapters/record-store';
import { NotFoundError } from '../core/errors';
import { remoteReviewLimits, specialistNotedLimits } from '../core/opinion';
import { route } from '../http/route';
import { auditAction, loadCaseFor } from '../services/case-access';

export const handler = route({ auth: 'patient' }, async ({ auth }) => {
  const { record } = await loadCaseFor(auth, auth.caseId, 'report.read');
  if (record.status !== 'completed' || !record.report) {
    throw new NotFoundError('The report has not been delivered yet.');
  }
  const report = await presignDownload('records', record.report.recordsKey);
  await auditAction(record.caseId, auth.actor, 'report.download-url', record.report.uploadId);
  return {
    statusCode: 200,
    body: {
      report,
      plainLanguageSummary: record.plainLanguageSummary,
      outcome: record.report.outcome,
      specialist: record.report.specialist,
      // What the patient acknowledged at consent, repeated beside the opinion, and what the
      // specialist noted as unsettled by a remote review.
      limitsOfRemoteReview: Object.values(remoteReviewLimits),
      limitsNotedBySpecialist: record.report.opinion.limitsNoted.map((limit) => specialistNotedLimits[limit]),
    },
  };
});

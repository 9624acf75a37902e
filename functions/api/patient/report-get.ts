import { presignDownload } from '../../adapters/record-store';
import { readingLanguage } from '../../core/case-model';
import { NotFoundError } from '../../core/errors';
import { remoteReviewLimits, specialistNotedLimits } from '../../core/opinion';
import { MAX_FOLLOW_UP_QUESTIONS } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

export const handler = route({ auth: 'patient' }, async ({ auth }) => {
  const { record } = await loadCaseFor(auth, auth.caseId, 'report.read');
  if (record.status !== 'completed' || !record.report) {
    throw new NotFoundError('The report has not been delivered yet.');
  }
  const { uploadId } = record.report;
  const report = await presignDownload('records', record.report.recordsKey, {
    fileName: `report-${uploadId}.pdf`,
    contentType: 'application/pdf',
  });
  const reading = readingLanguage(record.patient.language);
  const translation = record.report.translation
    ? {
        language: record.report.translation.language,
        method: record.report.translation.method,
        note: record.report.translation.note,
        download: await presignDownload('records', record.report.translation.key, {
          fileName: `report-${uploadId}.${record.report.translation.language}.txt`,
          contentType: 'text/plain; charset=utf-8',
        }),
      }
    : reading !== record.report.language
      ? {
          language: reading,
          unavailable: true,
          note: 'The translation of the report could not be produced; your coordinator will send it to you.',
        }
      : undefined;
  const addenda = await Promise.all(
    (record.addenda ?? []).map(async (addendum) => ({
      addendumId: addendum.addendumId,
      receivedAt: addendum.receivedAt,
      questionIds: addendum.questionIds,
      download: await presignDownload('records', addendum.recordsKey, {
        fileName: `addendum-${addendum.addendumId}.pdf`,
        contentType: 'application/pdf',
      }),
    })),
  );
  await auditAction(record.caseId, auth.actor, 'report.download-url', uploadId);
  return {
    statusCode: 200,
    body: {
      report,
      reportLanguage: record.report.language,
      ...(translation ? { translation } : {}),
      plainLanguageSummary: record.plainLanguageSummary,
      outcome: record.report.outcome,
      specialist: record.report.specialist,
      // What the patient acknowledged at consent, repeated beside the opinion, and what the
      // specialist noted as unsettled by a remote review.
      limitsOfRemoteReview: Object.values(remoteReviewLimits),
      limitsNotedBySpecialist: record.report.opinion.limitsNoted.map((limit) => specialistNotedLimits[limit]),
      questions: (record.questions ?? []).map((question) => ({
        questionId: question.questionId,
        question: question.text,
        askedAt: question.askedAt,
        ...(question.answer ? { answer: question.answer.text, answeredAt: question.answer.answeredAt } : {}),
      })),
      questionsRemaining: MAX_FOLLOW_UP_QUESTIONS - (record.questions ?? []).length,
      addenda,
      ...(record.postReportCall ? { postReportCall: record.postReportCall } : {}),
    },
  };
});

import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { notifyOnce } from '../../adapters/notifier';
import { deleteObject } from '../../adapters/record-store';
import type { Addendum } from '../../core/case-model';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import { addendumSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { acceptHospitalPdf } from '../../services/hospital-pdf';

/**
 * The hospital answers the patient's follow-up questions with a written addendum (a PDF it
 * uploaded through report-uploads) and the answers themselves; the patient is told.
 */
export const handler = route(
  { auth: 'hospital', body: addendumSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.addendum');
    if ((record.addenda ?? []).some((addendum) => addendum.addendumId === body.uploadId)) {
      return { statusCode: 200, body: { addendumId: body.uploadId } };
    }
    const open = new Map((record.questions ?? []).filter((q) => !q.answer).map((q) => [q.questionId, q]));
    const unknown = body.answers.findIndex((answer) => !open.has(answer.questionId));
    if (unknown >= 0) {
      throw new ValidationError('The request body is not valid.', [
        { path: `answers.${unknown}.questionId`, message: 'No open question with this id.' },
      ]);
    }
    const { upload, recordsKey, size, sha256 } = await acceptHospitalPdf(
      record,
      auth,
      body.uploadId,
      'addendum',
    );
    const answeredAt = now.toISOString();
    const addendum: Addendum = {
      addendumId: upload.uploadId,
      recordsKey,
      fileName: upload.fileName,
      size,
      sha256,
      receivedAt: answeredAt,
      questionIds: body.answers.map((answer) => answer.questionId),
    };
    const outcome = await mutateCase(record.caseId, (current) => {
      if (current.status !== 'completed')
        throw new ConflictError('invalid_state', 'The case has no delivered report.');
      if ((current.addenda ?? []).some((existing) => existing.addendumId === addendum.addendumId)) {
        return { result: false };
      }
      const answers = new Map(body.answers.map((answer) => [answer.questionId, answer.answer]));
      return {
        changes: {
          set: {
            addenda: [...(current.addenda ?? []), addendum],
            questions: (current.questions ?? []).map((question) =>
              answers.has(question.questionId) && !question.answer
                ? {
                    ...question,
                    answer: {
                      text: answers.get(question.questionId)!,
                      addendumId: addendum.addendumId,
                      answeredAt,
                    },
                  }
                : question,
            ),
          },
        },
        result: true,
      };
    });
    if (!outcome) throw new NotFoundError('No such case.');
    // The records bucket holds it now; the relay's copy of the upload goes.
    await deleteObject('relay', upload.relayKey);
    if (outcome.result) {
      await notifyOnce(record.caseId, `addendum-${addendum.addendumId}-patient`, {
        to: record.patient.email,
        subject: 'Your second opinion: the hospital answered your questions',
        text: 'The specialists have answered your follow-up questions in a written addendum. You can read it with your report.',
      });
      await addTimelineEvent(
        record.caseId,
        'addendum-received',
        `The hospital answered ${addendum.questionIds.length} follow-up question(s) with an addendum.`,
      );
      await auditAction(record.caseId, auth.actor, 'relay.addendum.deliver', addendum.addendumId);
    }
    return { statusCode: 200, body: { addendumId: addendum.addendumId } };
  },
);

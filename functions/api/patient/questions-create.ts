import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { getHospital } from '../../adapters/hospital-directory';
import { notifyOnce } from '../../adapters/notifier';
import type { FollowUpQuestion } from '../../core/case/record';
import { ConflictError, NotFoundError } from '../../core/errors';
import { newId } from '../../core/ids';
import { followUpQuestionForHospital } from '../../core/messages/hospital';
import { MAX_FOLLOW_UP_QUESTIONS, questionSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

/** After the report, the patient may send the hospital up to three follow-up questions. */
export const handler = route({ auth: 'patient', body: questionSchema }, async ({ auth, body, now }) => {
  const { record } = await loadCaseFor(auth, auth.caseId, 'report.question');
  const question: FollowUpQuestion = {
    questionId: newId('q'),
    text: body.question,
    askedAt: now.toISOString(),
  };
  const outcome = await mutateCase(record.caseId, (current) => {
    if (current.status !== 'completed') {
      throw new ConflictError('invalid_state', 'Questions can be sent once you have received the report.');
    }
    const asked = current.questions ?? [];
    if (asked.length >= MAX_FOLLOW_UP_QUESTIONS) {
      throw new ConflictError(
        'too_many_questions',
        `You can send up to ${MAX_FOLLOW_UP_QUESTIONS} follow-up questions; your coordinator can help with more.`,
      );
    }
    return { changes: { set: { questions: [...asked, question] } }, result: asked.length + 1 };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  const number = outcome.result;
  const hospital = record.hospitalId ? await getHospital(record.hospitalId) : undefined;
  if (hospital) {
    await notifyOnce(
      record.caseId,
      `question-${number}-hospital`,
      followUpQuestionForHospital(hospital.contactEmail, record.caseId, number, MAX_FOLLOW_UP_QUESTIONS),
    );
  }
  await addTimelineEvent(record.caseId, 'question-asked', `The patient sent follow-up question ${number}.`);
  await auditAction(record.caseId, auth.actor, 'report.question', question.questionId);
  return { statusCode: 201, body: { question, remaining: MAX_FOLLOW_UP_QUESTIONS - number } };
});

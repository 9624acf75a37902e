import { relayQuestionsListResponse } from '../../core/responses/relay';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

/** The patient's follow-up questions on a delivered opinion, for the hospital to answer. */
export const handler = route(
  { auth: 'hospital', response: relayQuestionsListResponse },
  async ({ auth, params }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.questions');
    return {
      statusCode: 200,
      body: {
        questions: (record.questions ?? []).map((question) => ({
          questionId: question.questionId,
          question: question.text,
          askedAt: question.askedAt,
          answered: question.answer !== undefined,
        })),
      },
    };
  },
);

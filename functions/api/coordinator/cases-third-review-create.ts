import { setting } from '../../adapters/settings';
import { buildChecklist } from '../../core/case/readiness';
import { ConflictError } from '../../core/errors';
import { patientLinkUrl } from '../../core/messages/patient';
import { thirdReviewSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { openThirdReview } from '../../services/third-review';

/**
 * Opens a third review: a new case linked to this one, holding copies of its accepted records
 * (copied server-side under the new case's own keys, so each case can be erased on its own),
 * its history and diagnosis. The patient consents again for the hospital chosen next.
 * A request that fails halfway can be sent again (see services/third-review).
 */
export const handler = route(
  { auth: 'coordinator', body: thirdReviewSchema },
  async ({ auth, body, params, now }) => {
    const { record, documents } = await loadCaseFor(auth, params.caseId ?? '', 'case.third-review');
    if (!record.report) {
      throw new ConflictError(
        'invalid_state',
        'A third review can be opened once the hospital report has arrived.',
      );
    }
    if (record.thirdReviewCaseId) {
      throw new ConflictError(
        'third_review_exists',
        `A third review is already open: ${record.thirdReviewCaseId}.`,
      );
    }
    const { review, copies, patientToken } = await openThirdReview({
      source: record,
      documents,
      question: body.question,
      expedited: body.expedited,
      actor: auth.actor,
      now,
    });
    return {
      statusCode: 201,
      body: {
        caseId: review.caseId,
        thirdReviewOf: record.caseId,
        status: review.status,
        patientToken,
        patientLink: patientLinkUrl(setting('patientPortalUrl'), patientToken),
        documents: copies.length,
        checklist: buildChecklist(review, copies),
      },
    };
  },
);

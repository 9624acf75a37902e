import { diagnosisSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { updateCollectingCase } from '../../services/case-updates';

/** The coordinator corrects or completes the diagnosis read from the pathology report. */
export const handler = route(
  { auth: 'coordinator', body: diagnosisSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'diagnosis.write');
    const diagnosis = {
      ...body,
      source: { kind: 'coordinator' as const, by: auth.actor.id, at: now.toISOString() },
    };
    await updateCollectingCase(record.caseId, {
      actor: auth.actor,
      action: 'diagnosis.write',
      refusal: 'The diagnosis can no longer change: the case was submitted.',
      decide: () => ({ diagnosis }),
      timeline: () => ({
        type: 'diagnosis-corrected',
        detail: 'A coordinator reviewed and corrected the diagnosis.',
      }),
    });
    return { statusCode: 200, body: { diagnosis } };
  },
);

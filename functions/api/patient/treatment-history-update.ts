import { latestTodayAnywhere } from '../../core/dates';
import { treatmentHistorySchema } from '../../core/schemas';
import { route } from '../../http/route';
import { updateCollectingCase } from '../../services/case-updates';

const schema = () => treatmentHistorySchema(latestTodayAnywhere());

export const handler = route({ auth: 'patient', body: schema }, async ({ auth, body: history }) => {
  await updateCollectingCase(auth.caseId, {
    actor: auth.actor,
    action: 'treatment-history.write',
    refusal: 'The treatment history can no longer change: the case was submitted.',
    decide: () => ({ treatmentHistory: history }),
    timeline: () => ({ type: 'treatment-history-saved', detail: 'The patient saved the treatment history.' }),
  });
  return { statusCode: 200, body: { treatmentHistory: history } };
});

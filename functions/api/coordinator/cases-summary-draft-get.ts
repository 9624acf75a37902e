import { getHospital } from '../../adapters/hospital-directory';
import { NotFoundError } from '../../core/errors';
import { draftSummary } from '../../core/opinion';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

/** A draft of the plain-language summary, from the opinion's fields only, for the coordinator to edit. */
export const handler = route({ auth: 'coordinator' }, async ({ auth, params }) => {
  const { record } = await loadCaseFor(auth, params.caseId ?? '', 'case.summary-draft');
  if (!record.report) throw new NotFoundError('The hospital report has not arrived yet.');
  const hospital = record.hospitalId ? await getHospital(record.hospitalId) : undefined;
  return {
    statusCode: 200,
    body: {
      draft: draftSummary(record.report.opinion, hospital?.name ?? 'the hospital', record.report.specialist),
    },
  };
});

import { listHospitals } from '../../adapters/hospital-directory';
import { matchHospitals } from '../../core/matching';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

export const handler = route({ auth: 'coordinator' }, async ({ auth, params }) => {
  const { record } = await loadCaseFor(auth, params.caseId ?? '', 'case.hospital-matches');
  return { statusCode: 200, body: { matches: matchHospitals(record, await listHospitals()) } };
});

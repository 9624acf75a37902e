import { patientView } from '../../core/case-model';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

export const handler = route({ auth: 'patient' }, async ({ auth, now }) => {
  const aggregate = await loadCaseFor(auth, auth.caseId, 'case.read');
  return { statusCode: 200, body: patientView(aggregate, now) };
});

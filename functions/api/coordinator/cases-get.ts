import { coordinatorView } from '../../core/case/views';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

export const handler = route({ auth: 'coordinator' }, async ({ auth, params, now }) => {
  const aggregate = await loadCaseFor(auth, params.caseId ?? '', 'case.read');
  return { statusCode: 200, body: coordinatorView(aggregate, now) };
});

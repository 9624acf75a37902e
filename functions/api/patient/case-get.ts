import { cardPaymentsOn, setting } from '../../adapters/settings';
import { patientView } from '../../core/case/views';
import { patientCaseResponse } from '../../core/responses/patient';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

export const handler = route({ auth: 'patient', response: patientCaseResponse }, async ({ auth, now }) => {
  const aggregate = await loadCaseFor(auth, auth.caseId, 'case.read');
  const bankTransfer = setting('bankTransferDetails');
  const payment = { ...(bankTransfer ? { bankTransfer } : {}), ...(cardPaymentsOn() ? { card: true } : {}) };
  return { statusCode: 200, body: patientView(aggregate, now, payment) };
});

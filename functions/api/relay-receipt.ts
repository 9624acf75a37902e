import { getHospital } from '../adapters/hospital-directory';
import { reportDeadline } from '../core/business-days';
import { turnaroundFor } from '../core/hospital';
import { receiptSchema } from '../core/schemas';
import { route } from '../http/route';
import { auditAction, loadCaseFor } from '../services/case-access';
import { completeStage } from '../services/workflow-callbacks';

export const handler = route({ auth: 'hospital', body: receiptSchema }, async ({ auth, params }) => {
  const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.receipt');
  const hospital = await getHospital(auth.hospitalId);
  if (!hospital) throw new Error('hospital of a valid token is missing from the directory');
  const { record: updated } = await completeStage(record.caseId, {
    stage: 'receipt',
    from: ['awaiting-receipt'],
    to: 'under-review',
    set: () => ({
      deadline: reportDeadline(new Date(), turnaroundFor(hospital, record.expedited), hospital.timeZone),
    }),
    output: (next) => ({ deadline: next.deadline ?? null }),
    timeline: {
      type: 'receipt-confirmed',
      detail: `${hospital.name} confirmed it received the complete records.`,
    },
    conflictMessage: 'Receipt can be confirmed once the package has been delivered.',
  });
  await auditAction(record.caseId, auth.actor, 'relay.receipt.confirm');
  return { statusCode: 200, body: { deadline: updated.deadline } };
});

import { getHospital } from '../../adapters/hospital-directory';
import { contradictsConfirmedReceipt, decideReceipt } from '../../core/case/receipt';
import { ConflictError } from '../../core/errors';
import { relayReceiptResponse } from '../../core/responses/relay';
import { receiptSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { completeStage } from '../../services/workflow-callbacks';

/** The hospital confirms receipt of complete records, or says what is missing (core/case/receipt.ts). */
export const handler = route(
  { auth: 'hospital', body: receiptSchema, response: relayReceiptResponse },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.receipt');
    const hospital = await getHospital(auth.hospitalId);
    if (!hospital) throw new Error('hospital of a valid token is missing from the directory');
    const decision = decideReceipt(record, body, { hospital, by: auth.actor.id, now });
    const { record: updated, alreadyDone } = await completeStage(record.caseId, {
      ...decision.completion,
      stage: 'receipt',
      now,
    });
    if (!decision.complete) {
      // (After an "incomplete" the case is no longer this hospital's: any later receipt is a 404.)
      if (alreadyDone && contradictsConfirmedReceipt(updated)) {
        throw new ConflictError(
          'receipt_already_confirmed',
          'Receipt of this package was already confirmed complete, so it can no longer be reported incomplete. Ask for what is missing in the report (outcome more-information-needed) or through the coordinator.',
        );
      }
      await auditAction(record.caseId, auth.actor, 'relay.receipt.incomplete');
      return {
        statusCode: 200,
        body: {
          caseId: updated.caseId,
          status: updated.status,
          gaps: decision.gaps.map((gap) => gap.message),
        },
      };
    }
    await auditAction(record.caseId, auth.actor, 'relay.receipt.confirm');
    return { statusCode: 200, body: { deadline: updated.deadline } };
  },
);

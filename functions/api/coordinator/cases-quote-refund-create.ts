import { decideRefund } from '../../core/case/quote';
import { refundSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { changeQuote, issueNumbers, quoteAmount } from '../../services/payments';

/**
 * The coordinator refunds a paid review the patient cancelled before submission, in full, with
 * the reference of the money sent back; a credit note cancels the receipt.
 */
export const handler = route(
  { auth: 'coordinator', body: refundSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'payment.refund');
    const { quote } = await changeQuote(record.caseId, {
      actor: auth.actor,
      action: 'payment.refund',
      decide: (current) => {
        const before = current.quotes?.at(-1);
        const next = decideRefund(current, body, { now, by: auth.actor.id });
        return { quote: next, changed: before?.status !== next.status };
      },
      timeline: (refunded) => ({
        type: 'payment-refunded',
        detail: `Refunded ${quoteAmount(refunded)} (reference ${body.reference}). Reason: ${body.reason}`,
      }),
    });
    return { statusCode: 200, body: { quote: await issueNumbers(record.caseId, quote) } };
  },
);

import { refundCard } from '../../adapters/card-payments';
import { currentQuote, decideRefund } from '../../core/case/quote';
import { ValidationError } from '../../core/errors';
import { refundSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { byStatus, changeQuote, issueNumbers, quoteAmount } from '../../services/payments';

/**
 * The coordinator refunds a paid review the patient cancelled before submission, in full; a
 * credit note cancels the receipt. A bank transfer was sent back by the coordinator, who gives
 * its reference; a card payment is refunded through Stripe first (one refund per quote: the
 * quote's id is the idempotency key), and Stripe's refund id is the reference.
 */
export const handler = route(
  { auth: 'coordinator', body: refundSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'payment.refund');
    // Checked before any money moves: the same decision is taken again at the write.
    decideRefund(record, { ...body, reference: body.reference ?? '' }, { now, by: auth.actor.id });
    const payment = currentQuote(record)?.payment;
    let reference = body.reference;
    if (payment?.method === 'card' && currentQuote(record)?.status === 'paid') {
      reference = await refundCard(payment.reference, payment.amount, body.quoteId);
    }
    if (!reference) {
      throw new ValidationError('The request body is not valid.', [
        { path: 'reference', message: 'Give the bank reference of the refund transfer.' },
      ]);
    }
    const refundReference = reference;
    const { quote } = await changeQuote(record.caseId, {
      actor: auth.actor,
      action: 'payment.refund',
      decide: byStatus((current) =>
        decideRefund(current, { ...body, reference: refundReference }, { now, by: auth.actor.id }),
      ),
      timeline: (refunded) => ({
        type: 'payment-refunded',
        detail: `Refunded ${quoteAmount(refunded)} (reference ${refundReference}). Reason: ${body.reason}`,
      }),
    });
    return { statusCode: 200, body: { quote: await issueNumbers(record.caseId, quote) } };
  },
);

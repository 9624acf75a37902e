import { decidePayment, withCurrentQuote } from '../../core/case/quote';
import { latestTodayAnywhere } from '../../core/dates';
import { offlinePaymentSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { changeQuote, issueNumbers, quoteAmount } from '../../services/payments';

/**
 * The coordinator records a bank transfer that arrived for the quote, with its reference; the
 * receipt's invoice number is assigned at once. Sent again with the same reference, it only
 * finishes what a crash may have left undone.
 */
export const handler = route(
  { auth: 'coordinator', body: () => offlinePaymentSchema(latestTodayAnywhere()) },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'payment.record');
    const { quote, changed } = await changeQuote(record.caseId, {
      actor: auth.actor,
      action: 'payment.record',
      decide: (current) => {
        const decision = decidePayment(current, body, { now, by: auth.actor.id });
        return decision.kind === 'repeat'
          ? { quote: decision.quote, changed: false }
          : { quote: decision.quote, quotes: withCurrentQuote(current, decision.quote), changed: true };
      },
      timeline: (paid) => ({
        type: 'payment-recorded',
        detail: `Bank transfer of ${quoteAmount(paid)} received on ${body.receivedOn} (reference ${body.reference}).`,
      }),
    });
    const numbered = await issueNumbers(record.caseId, quote);
    return { statusCode: changed ? 201 : 200, body: { quote: numbered } };
  },
);

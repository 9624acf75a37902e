import { decideQuoteWaiver } from '../../core/case/quote';
import { quoteWaiverSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { byStatus, changeQuote } from '../../services/payments';

/** The coordinator waives payment for the review with a written reason; the case may then be submitted. */
export const handler = route(
  { auth: 'coordinator', body: quoteWaiverSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'payment.waive');
    const { quote } = await changeQuote(record.caseId, {
      actor: auth.actor,
      action: 'payment.waive',
      decide: byStatus((current) =>
        decideQuoteWaiver(current, body.quoteId, body.reason, { now, by: auth.actor.id }),
      ),
      timeline: () => ({ type: 'payment-waived', detail: `Payment waived. Reason: ${body.reason}` }),
    });
    return { statusCode: 200, body: { quote } };
  },
);

import { createCheckout } from '../../adapters/card-payments';
import { cardPaymentsOn, setting } from '../../adapters/settings';
import { ConflictError } from '../../core/errors';
import { acceptQuoteSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { acceptQuote } from '../../services/payments';

/**
 * The patient pays the quote by card: the quote is accepted, and Stripe Checkout's page opens
 * for its total. The payment is recorded when Stripe's webhook says it succeeded, never here.
 */
export const handler = route({ auth: 'patient', body: acceptQuoteSchema }, async ({ auth, body, now }) => {
  if (!cardPaymentsOn()) throw new ConflictError('card_payments_off', 'Card payments are not offered here.');
  const { record } = await loadCaseFor(auth, auth.caseId, 'quote.checkout');
  const quote = await acceptQuote(auth.actor, record.caseId, body.quoteId, now);
  if (quote.status !== 'accepted')
    throw new ConflictError('quote_settled', 'This quote is already paid or settled.');
  const checkout = await createCheckout({
    caseId: record.caseId,
    quote,
    description: `Second-opinion review, case ${record.caseId}`,
    customerEmail: record.patient.email,
    returnUrl: `${setting('patientPortalUrl').replace(/\/$/, '')}/upload`,
  });
  await auditAction(record.caseId, auth.actor, 'payment.checkout', checkout.id);
  return { statusCode: 200, body: { url: checkout.url } };
});

import { verifiedEvent } from '../../adapters/card-payments';
import { actOnce, addTimelineEvent } from '../../adapters/case-store';
import { logger } from '../../adapters/logger';
import { callCardPaymentOf, cardPaymentOf } from '../../core/case/card-payment';
import { ConflictError } from '../../core/errors';
import { route } from '../../http/route';
import { payCallByCard } from '../../services/booking-payments';
import { recordCardPayment } from '../../services/payments';

/**
 * Stripe's webhook: public, and trusted only once its signature verifies against the raw body
 * with the signing secret (400 otherwise, nothing applied). A paid Checkout Session records the
 * card payment on its quote and issues the receipt, or confirms the strategy call it paid for; each event is applied once (a replay, or
 * Stripe's own retry, finds its claim done and changes nothing) and answered 200 either way.
 */
export const handler = route({ auth: 'public' }, async ({ event, now }) => {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  const stripeEvent = await verifiedEvent(raw, event.headers['stripe-signature']);
  const call = callCardPaymentOf(stripeEvent);
  if (call) {
    // The booking's id stands where a case id would, as for its emails.
    let outcome: string | undefined;
    const applied = await actOnce(call.bookingId, `stripe-event:${call.eventId}`, async () => {
      outcome = await payCallByCard(call, now);
    });
    logger.info('stripe event', { eventId: call.eventId, bookingId: call.bookingId, applied, outcome });
    return { statusCode: 200, body: { received: true, applied } };
  }
  const payment = cardPaymentOf(stripeEvent);
  if (!payment) return { statusCode: 200, body: { received: true, applied: false } };
  const applied = await actOnce(payment.caseId, `stripe-event:${payment.eventId}`, async () => {
    try {
      await recordCardPayment(payment, now);
    } catch (error) {
      // Money arrived for a quote that can no longer take it (withdrawn for a new one, already
      // paid by transfer): kept on the case for the coordinator to refund, and not retried.
      if (!(error instanceof ConflictError)) throw error;
      await addTimelineEvent(
        payment.caseId,
        'payment-unmatched',
        `Card payment ${payment.reference} for quote ${payment.quoteId} could not be applied (${error.code}): refund or reconcile it.`,
      );
      logger.warn('stripe payment not applied', {
        eventId: payment.eventId,
        caseId: payment.caseId,
        code: error.code,
      });
    }
  });
  logger.info('stripe event', { eventId: payment.eventId, caseId: payment.caseId, applied });
  return { statusCode: 200, body: { received: true, applied } };
});

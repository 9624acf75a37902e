import { audit } from '../adapters/audit-log';
import { clearRefundDue, getBooking, markRefundDue, saveBooking } from '../adapters/booking-store';
import { refundCard } from '../adapters/card-payments';
import { logger } from '../adapters/logger';
import type { Actor } from '../core/actor';
import {
  type Booking,
  decideRefund,
  decideUnplacedPayment,
  refundablePayment,
} from '../core/booking/booking';
import type { CallCardPayment } from '../core/case/card-payment';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { confirmBooking } from './bookings';

const stripeActor = { role: 'system', id: 'stripe-webhook' } as const satisfies Actor;

async function bookingOrNotFound(bookingId: string): Promise<Booking> {
  const booking = await getBooking(bookingId);
  if (!booking) throw new NotFoundError('No such booking.');
  return booking;
}

/**
 * A strategy call paid by card, as Stripe's webhook reported it: it confirms the call as a
 * recorded transfer does. Money that cannot confirm it (the time was taken after the hold
 * lapsed, the call was cancelled or already paid, another amount or currency) is kept on the
 * booking and listed as a refund to send, never dropped. Once per event: the caller.
 */
export async function payCallByCard(
  payment: CallCardPayment,
  now: Date,
): Promise<'confirmed' | 'refund-due'> {
  const booking = await bookingOrNotFound(payment.bookingId);
  const received = {
    method: 'card' as const,
    reference: payment.reference,
    amount: payment.amount,
    receivedOn: payment.receivedOn,
  };
  if (payment.currency === booking.price.currency) {
    try {
      await confirmBooking(booking.bookingId, received, stripeActor, now);
      return 'confirmed';
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      logger.warn('card payment for a call not applied', { bookingId: booking.bookingId, code: error.code });
    }
  }
  const current = await bookingOrNotFound(payment.bookingId);
  if (
    current.payment?.reference === payment.reference ||
    current.surplusPayment?.reference === payment.reference
  )
    return current.status === 'confirmed' && current.payment?.reference === payment.reference
      ? 'confirmed'
      : 'refund-due';
  const kept = decideUnplacedPayment(current, received, { now, by: stripeActor.id });
  await saveBooking(kept);
  await markRefundDue(kept);
  await audit({
    actor: stripeActor,
    action: 'booking.payment-unplaced',
    target: kept.bookingId,
    outcome: 'allowed',
  });
  return 'refund-due';
}

/**
 * A coordinator sends a due refund back: a card payment through Stripe (the booking's id the
 * idempotency key, so a repeat never refunds twice), a bank transfer by hand, recorded with the
 * reference the coordinator sent it under. The booking leaves the list of refunds to send.
 */
export async function refundBooking(
  bookingId: string,
  input: { readonly reference?: string | undefined },
  actor: Actor,
  now: Date,
): Promise<Booking> {
  const booking = await bookingOrNotFound(bookingId);
  if (booking.refund) return booking;
  const payment = refundablePayment(booking);
  if (!payment) throw new ConflictError('no_refund_due', 'No refund is due for this booking.');
  let reference = input.reference;
  if (payment.method === 'card') {
    reference = await refundCard(payment.reference, payment.amount, bookingId);
  } else if (!reference) {
    throw new ValidationError('The reference of the transfer you sent is required.', [
      { path: 'reference', message: 'Required for a bank transfer.' },
    ]);
  }
  const decision = decideRefund(booking, { reference }, { now, by: actor.id });
  if (decision.kind === 'repeat') return booking;
  await saveBooking(decision.booking);
  await clearRefundDue(bookingId);
  await audit({ actor, action: 'booking.refund', target: bookingId, outcome: 'allowed' });
  return decision.booking;
}

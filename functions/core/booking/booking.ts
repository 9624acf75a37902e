import { ConflictError } from '../errors';
import type { Money } from '../money';
import { SLOT_MINUTES } from './availability';

/**
 * A strategy call booked on the public page: the visitor holds a slot while they pay (15
 * minutes on the business clock), the payment confirms it. A slot belongs to one booking at a
 * time through its claim (adapters/booking-store.ts): free when nobody claims it, or when the
 * claim is a hold whose time ran out.
 */

export const HOLD_MINUTES = 15;
/** Cancelled more than this long before the call: refunded in full. */
export const FULL_REFUND_HOURS = 24;
/** How far ahead the page offers slots, and how soon a slot may start. */
export const BOOKING_WINDOW_DAYS = 21;
export const BOOKING_LEAD_MINUTES = 12 * 60;

export interface Visitor {
  readonly fullName: string;
  readonly email: string;
  readonly country: string;
  /** BCP 47: the call's language and the emails'. */
  readonly language: string;
}

export type BookingStatus = 'held' | 'confirmed' | 'cancelled';

export interface BookingPayment {
  readonly method: 'bank-transfer' | 'card';
  readonly reference: string;
  readonly amount: number;
  readonly receivedOn: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface BookingRefund {
  readonly method: BookingPayment['method'];
  /** The bank transfer's reference, or Stripe's refund id. */
  readonly reference: string;
  readonly amount: number;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface Booking {
  readonly bookingId: string;
  /** UTC, ISO 8601. */
  readonly start: string;
  readonly coordinatorId: string;
  readonly visitor: Visitor;
  readonly question: string;
  /** The visitor's own IANA time zone, as their browser told the page (UTC when it did not). */
  readonly timeZone?: string;
  readonly status: BookingStatus;
  readonly price: Money;
  readonly heldAt: string;
  readonly holdExpiresAt: string;
  readonly payment?: BookingPayment;
  readonly confirmedAt?: string;
  readonly cancelledAt?: string;
  /** When the visitor last moved the call to another time. */
  readonly movedAt?: string;
  /** Due when cancelled more than 24 hours before the call and paid. */
  readonly refundDue?: boolean;
  /** The case a coordinator opened from the call. */
  readonly caseId?: string;
  /** The money sent back (a call cancelled over a day ahead), once a coordinator or Stripe did. */
  readonly refund?: BookingRefund;
  /** Card money that came for a call already paid another way (decideUnplacedPayment): refunded. */
  readonly surplusPayment?: BookingPayment;
  readonly version: number;
}

/** A slot's claim as stored: who has it and until when a hold lasts. */
export interface SlotClaim {
  readonly bookingId: string;
  readonly status: 'held' | 'confirmed';
  readonly expiresAt: string;
}

/** Whether a claim still keeps the slot from others at `now` (the business clock). */
export const claimHolds = (claim: SlotClaim, now: Date): boolean =>
  claim.status === 'confirmed' || now.getTime() < Date.parse(claim.expiresAt);

export const slotEnd = (start: string): string =>
  new Date(Date.parse(start) + SLOT_MINUTES * 60_000).toISOString();

/** The booking a visitor's hold creates. */
export function newHold(input: {
  readonly bookingId: string;
  readonly start: string;
  readonly coordinatorId: string;
  readonly visitor: Visitor;
  readonly question: string;
  readonly timeZone?: string | undefined;
  readonly price: Money;
  readonly now: Date;
}): Booking {
  return {
    bookingId: input.bookingId,
    start: input.start,
    coordinatorId: input.coordinatorId,
    visitor: input.visitor,
    question: input.question,
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    status: 'held',
    price: input.price,
    heldAt: input.now.toISOString(),
    holdExpiresAt: new Date(input.now.getTime() + HOLD_MINUTES * 60_000).toISOString(),
    version: 1,
  };
}

/** The status a reader sees: a hold past its time is `expired`. */
export function bookingStatusAt(booking: Booking, now: Date): BookingStatus | 'expired' {
  if (booking.status === 'held' && now.getTime() >= Date.parse(booking.holdExpiresAt)) return 'expired';
  return booking.status;
}

/**
 * A payment confirms the booking. The amount must be the price; a repeat with the same
 * reference changes nothing. A hold that lapsed is confirmed only if its slot can be claimed
 * again (the store decides; `slotReclaimed` says whether it was).
 */
export function decideBookingPayment(
  booking: Booking,
  payment: Omit<BookingPayment, 'recordedAt' | 'recordedBy'>,
  context: { readonly now: Date; readonly by: string },
): { readonly kind: 'repeat' } | { readonly kind: 'confirm'; readonly booking: Booking } {
  if (booking.status === 'confirmed' && booking.payment?.reference === payment.reference)
    return { kind: 'repeat' };
  if (booking.status !== 'held')
    throw new ConflictError('booking_closed', 'This booking is already paid or cancelled.');
  if (payment.amount !== booking.price.amount) {
    throw new ConflictError('amount_mismatch', 'The amount received is not the call’s price.', [
      {
        path: 'amount',
        message: `The price is ${booking.price.amount} minor units of ${booking.price.currency}.`,
      },
    ]);
  }
  const at = context.now.toISOString();
  return {
    kind: 'confirm',
    booking: {
      ...booking,
      status: 'confirmed',
      confirmedAt: at,
      payment: { ...payment, recordedAt: at, recordedBy: context.by },
      version: booking.version + 1,
    },
  };
}

/**
 * The visitor (or a coordinator) cancels. More than 24 hours before the call a paid booking is
 * refunded in full; later, the fee stands. A hold is simply let go.
 */
export function decideCancellation(booking: Booking, now: Date): Booking {
  if (booking.status === 'cancelled') return booking;
  if (now.getTime() >= Date.parse(booking.start))
    throw new ConflictError('booking_closed', 'The call has already begun or taken place.');
  const early = Date.parse(booking.start) - now.getTime() > FULL_REFUND_HOURS * 3_600_000;
  return {
    ...booking,
    status: 'cancelled',
    cancelledAt: now.toISOString(),
    ...(booking.status === 'confirmed' && early ? { refundDue: true } : {}),
    version: booking.version + 1,
  };
}

/**
 * Card money Stripe reported that cannot confirm the call: the hold lapsed and someone else took
 * the time, or the call was cancelled, or it was paid another way meanwhile. Nothing is lost:
 * the money is kept on the booking (`surplusPayment` when the call stands on another payment)
 * and listed as a refund to send.
 */
export function decideUnplacedPayment(
  booking: Booking,
  payment: Omit<BookingPayment, 'recordedAt' | 'recordedBy'>,
  context: { readonly now: Date; readonly by: string },
): Booking {
  const at = context.now.toISOString();
  const kept: BookingPayment = { ...payment, recordedAt: at, recordedBy: context.by };
  if (booking.status === 'confirmed' || booking.payment)
    return { ...booking, surplusPayment: kept, refundDue: true, version: booking.version + 1 };
  return {
    ...booking,
    status: 'cancelled',
    cancelledAt: booking.cancelledAt ?? at,
    payment: kept,
    refundDue: true,
    version: booking.version + 1,
  };
}

/** The payment a due refund sends back: money that came twice first, else the call's own. */
export const refundablePayment = (booking: Booking): BookingPayment | undefined =>
  booking.refundDue && !booking.refund ? (booking.surplusPayment ?? booking.payment) : undefined;

/** Records the refund sent; a repeat with the same reference changes nothing. */
export function decideRefund(
  booking: Booking,
  refund: Omit<BookingRefund, 'recordedAt' | 'recordedBy' | 'amount' | 'method'>,
  context: { readonly now: Date; readonly by: string },
): { readonly kind: 'repeat' } | { readonly kind: 'refund'; readonly booking: Booking } {
  if (booking.refund?.reference === refund.reference) return { kind: 'repeat' };
  const payment = refundablePayment(booking);
  if (!payment) throw new ConflictError('no_refund_due', 'No refund is due for this booking.');
  return {
    kind: 'refund',
    booking: {
      ...booking,
      refund: {
        method: payment.method,
        reference: refund.reference,
        amount: payment.amount,
        recordedAt: context.now.toISOString(),
        recordedBy: context.by,
      },
      version: booking.version + 1,
    },
  };
}

import { type Booking, bookingStatusAt, slotEnd } from './booking';

/**
 * A booking as each reader sees it: the visitor their call, price and status; the coordinator
 * also the visitor's details and question (to prepare the call and open a case from it).
 */
export function bookingView(booking: Booking, now: Date, audience: 'visitor' | 'coordinator') {
  return {
    bookingId: booking.bookingId,
    start: booking.start,
    end: slotEnd(booking.start),
    status: bookingStatusAt(booking, now),
    price: booking.price,
    holdExpiresAt: booking.holdExpiresAt,
    ...(booking.confirmedAt ? { confirmedAt: booking.confirmedAt } : {}),
    ...(audience === 'coordinator'
      ? {
          coordinatorId: booking.coordinatorId,
          visitor: booking.visitor,
          question: booking.question,
          ...(booking.payment ? { payment: booking.payment } : {}),
          ...(booking.caseId ? { caseId: booking.caseId } : {}),
          ...(booking.refundDue ? { refundDue: true } : {}),
          ...(booking.surplusPayment ? { surplusPayment: booking.surplusPayment } : {}),
          ...(booking.refund ? { refund: booking.refund } : {}),
        }
      : {}),
  };
}

import { bookingView } from '../../core/booking/views';
import { bookingRefundSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { refundBooking } from '../../services/booking-payments';

/** The coordinator sends a due refund back (a card through Stripe, a transfer by hand with its reference). */
export const handler = route(
  { auth: 'coordinator', body: bookingRefundSchema },
  async ({ auth, body, params, now }) => {
    const booking = await refundBooking(params.bookingId ?? '', body, auth.actor, now);
    return { statusCode: 200, body: { booking: bookingView(booking, now, 'coordinator') } };
  },
);

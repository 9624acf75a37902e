import { bookingView } from '../../core/booking/views';
import { latestTodayAnywhere } from '../../core/dates';
import { bookingPaymentSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { callPrice, confirmBooking } from '../../services/bookings';

/** The coordinator records the visitor's bank transfer: the call is confirmed. */
export const handler = route(
  { auth: 'coordinator', body: () => bookingPaymentSchema(latestTodayAnywhere()) },
  async ({ auth, body, params, now }) => {
    const booking = await confirmBooking(
      params.bookingId ?? '',
      {
        method: 'bank-transfer',
        reference: body.reference,
        amount: body.amount ?? callPrice().amount,
        receivedOn: body.receivedOn,
      },
      auth.actor,
      now,
    );
    return { statusCode: 200, body: { booking: bookingView(booking, now, 'coordinator') } };
  },
);

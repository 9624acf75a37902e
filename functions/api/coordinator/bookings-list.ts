import { bookingsBetween, refundsDue } from '../../adapters/booking-store';
import { bookingView } from '../../core/booking/views';
import { ValidationError } from '../../core/errors';
import { route } from '../../http/route';

/** The strategy calls of a day (UTC, `?date=YYYY-MM-DD`, today by default), held or confirmed, earliest first. */
export const handler = route({ auth: 'coordinator' }, async ({ event, now }) => {
  const date = event.queryStringParameters?.date ?? now.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new ValidationError('The query is not valid.', [
      { path: 'date', message: 'Use a date such as 2026-12-04.' },
    ]);
  }
  const bookings = await bookingsBetween(`${date}T00:00:00.000Z`, `${date}T23:59:59.999Z`);
  const refunds = await refundsDue();
  return {
    statusCode: 200,
    body: {
      date,
      bookings: bookings.map((booking) => bookingView(booking, now, 'coordinator')),
      // Cancelled over 24 hours ahead and paid: to refund in full (whatever the day).
      refundsDue: refunds.map((booking) => bookingView(booking, now, 'coordinator')),
    },
  };
});

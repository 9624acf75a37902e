import { bookingView } from '../../core/booking/views';
import { bookingLinkSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { bookingForLink, cancelBooking } from '../../services/bookings';

/** The visitor cancels their call through their link; a paid call cancelled over 24 hours ahead is refunded in full. */
export const handler = route({ auth: 'public', body: bookingLinkSchema }, async ({ body, now }) => {
  const booking = await bookingForLink(body.token);
  const cancelled = await cancelBooking(
    booking,
    { role: 'system', id: `booking-link:${booking.bookingId}` },
    now,
  );
  return {
    statusCode: 200,
    body: { booking: { ...bookingView(cancelled, now, 'visitor'), refundDue: cancelled.refundDue === true } },
  };
});

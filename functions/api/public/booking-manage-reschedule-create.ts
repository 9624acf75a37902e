import { bookingView } from '../../core/booking/views';
import { rescheduleSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { bookingForLink, rescheduleBooking } from '../../services/bookings';

/** The visitor moves their call to another free time through their link; 409 `slot_taken` if it went. */
export const handler = route({ auth: 'public', body: rescheduleSchema }, async ({ body, now }) => {
  const booking = await bookingForLink(body.token);
  const moved = await rescheduleBooking(
    booking,
    body.start,
    { role: 'system', id: `booking-link:${booking.bookingId}` },
    now,
  );
  return { statusCode: 200, body: { booking: bookingView(moved, now, 'visitor') } };
});

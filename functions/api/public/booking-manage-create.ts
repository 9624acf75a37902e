import { FULL_REFUND_HOURS } from '../../core/booking/booking';
import { bookingView } from '../../core/booking/views';
import { bookingLinkSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { bookingForLink } from '../../services/bookings';

/**
 * The visitor's booking, opened by their personal link (the token in the body): its time and
 * status, and whether cancelling now would be refunded in full (more than 24 hours ahead).
 */
export const handler = route({ auth: 'public', body: bookingLinkSchema }, async ({ body, now }) => {
  const booking = await bookingForLink(body.token);
  const refundable =
    booking.status === 'confirmed' &&
    Date.parse(booking.start) - now.getTime() > FULL_REFUND_HOURS * 3_600_000;
  return { statusCode: 200, body: { booking: { ...bookingView(booking, now, 'visitor'), refundable } } };
});

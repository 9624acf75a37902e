import { setting } from '../../adapters/settings';
import { bookingView } from '../../core/booking/views';
import { holdSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { holdSlot, issueBookingLink } from '../../services/bookings';

/**
 * A visitor holds a slot for 15 minutes while they pay: 201 with the booking, its price and how
 * to pay (the bank details and the reference to write on the transfer); 409 `slot_taken` when
 * someone else has it.
 */
export const handler = route({ auth: 'public', body: holdSchema }, async ({ body, now }) => {
  const { start, question, timeZone, ...visitor } = body;
  const booking = await holdSlot({ start, visitor, question, timeZone }, now);
  const manageLink = await issueBookingLink(booking, now);
  const bankTransfer = setting('bankTransferDetails');
  return {
    statusCode: 201,
    body: {
      booking: bookingView(booking, now, 'visitor'),
      // Shown once: the visitor keeps it to move or cancel the call.
      manageLink,
      ...(bankTransfer ? { bankTransfer: { details: bankTransfer, reference: booking.bookingId } } : {}),
    },
  };
});

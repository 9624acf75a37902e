import { createCallCheckout } from '../../adapters/card-payments';
import { cardPaymentsOn } from '../../adapters/settings';
import { bookingStatusAt } from '../../core/booking/booking';
import { ConflictError } from '../../core/errors';
import { bookingLinkSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { bookingForLink, bookingPageUrl } from '../../services/bookings';

/**
 * The visitor pays for their held call by card: Stripe Checkout's page opens for the call's
 * price. The call is confirmed when Stripe's webhook says the payment succeeded, never here.
 */
export const handler = route({ auth: 'public', body: bookingLinkSchema }, async ({ body, now }) => {
  if (!cardPaymentsOn()) throw new ConflictError('card_payments_off', 'Card payments are not offered here.');
  const booking = await bookingForLink(body.token);
  const status = bookingStatusAt(booking, now);
  if (status !== 'held' && status !== 'expired')
    throw new ConflictError('booking_closed', 'This booking is already paid or cancelled.');
  const checkout = await createCallCheckout({
    booking,
    description: 'Strategy call: second opinion (30 minutes)',
    returnUrl: bookingPageUrl(),
  });
  return { statusCode: 200, body: { url: checkout.url } };
});

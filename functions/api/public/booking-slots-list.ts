import { cardPaymentsOn } from '../../adapters/settings';
import { route } from '../../http/route';
import { bookableSlots, callPrice } from '../../services/bookings';

/**
 * The free 30-minute strategy-call slots of the next three weeks (UTC instants: the page shows
 * them in the visitor's own time zone) and the call's price. No coordinator is named.
 */
export const handler = route({ auth: 'public' }, async ({ now }) => {
  const price = callPrice();
  const slots = await bookableSlots(now);
  return {
    statusCode: 200,
    body: {
      price,
      slotMinutes: 30,
      slots: slots.map((slot) => ({ start: slot.start })),
      cardPayments: cardPaymentsOn(),
    },
  };
});

import { audit } from '../../adapters/audit-log';
import { putAvailability } from '../../adapters/booking-store';
import { availabilitySchema } from '../../core/schemas';
import { route } from '../../http/route';

/** The signed-in coordinator sets their weekly call hours and exceptions, in their own time zone. */
export const handler = route(
  { auth: 'coordinator', body: availabilitySchema },
  async ({ auth, body, now }) => {
    await putAvailability(auth.actor.id, body, now.toISOString());
    await audit({ actor: auth.actor, action: 'availability.update', outcome: 'allowed' });
    return { statusCode: 200, body: { availability: body } };
  },
);

import { listAvailability } from '../../adapters/booking-store';
import { route } from '../../http/route';

/** The signed-in coordinator's weekly call hours and exceptions (none yet: an empty week in UTC). */
export const handler = route({ auth: 'coordinator' }, async ({ auth }) => {
  const own = (await listAvailability()).find((entry) => entry.coordinatorId === auth.actor.id);
  return {
    statusCode: 200,
    body: { availability: own?.availability ?? { timeZone: 'UTC', weekly: {}, exceptions: [] } },
  };
});

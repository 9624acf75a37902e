import { hospitalInputSchema } from '../../core/hospital';
import { route } from '../../http/route';
import { createHospital } from '../../services/hospital-details';

export const handler = route({ auth: 'coordinator', body: hospitalInputSchema }, async ({ auth, body }) => ({
  statusCode: 201,
  body: { hospital: await createHospital(auth.actor, body) },
}));

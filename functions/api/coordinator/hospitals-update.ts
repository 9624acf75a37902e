import { hospitalInputSchema } from '../../core/hospital';
import { route } from '../../http/route';
import { updateHospital } from '../../services/hospital-details';

/** Replaces a hospital's details; its id and sample flag never change. */
export const handler = route(
  { auth: 'coordinator', body: hospitalInputSchema },
  async ({ auth, body, params }) => ({
    statusCode: 200,
    body: { hospital: await updateHospital(auth.actor, params.hospitalId ?? '', body) },
  }),
);

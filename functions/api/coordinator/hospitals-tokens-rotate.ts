import { rotateTokenSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { rotateHospitalToken } from '../../services/hospital-credentials';

export const handler = route(
  { auth: 'coordinator', body: rotateTokenSchema },
  async ({ auth, body, params }) => ({
    statusCode: 201,
    body: await rotateHospitalToken(
      params.hospitalId ?? '',
      body.lifetimeDays,
      body.overlapHours,
      auth.actor,
    ),
  }),
);

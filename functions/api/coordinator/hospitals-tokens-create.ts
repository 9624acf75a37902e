import { issueTokenSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { issueHospitalToken } from '../../services/hospital-credentials';

export const handler = route(
  { auth: 'coordinator', body: issueTokenSchema },
  async ({ auth, body, params }) => ({
    statusCode: 201,
    body: await issueHospitalToken(params.hospitalId ?? '', body.lifetimeDays, auth.actor),
  }),
);

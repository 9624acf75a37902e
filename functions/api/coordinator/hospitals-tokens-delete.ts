import { route } from '../../http/route';
import { revokeHospitalToken } from '../../services/hospital-credentials';

export const handler = route({ auth: 'coordinator' }, async ({ auth, params }) => ({
  statusCode: 200,
  body: await revokeHospitalToken(params.hospitalId ?? '', params.tokenId ?? '', auth.actor),
}));

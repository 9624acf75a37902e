import { route } from '../../http/route';
import { hospitalTokens } from '../../services/hospital-credentials';

export const handler = route({ auth: 'coordinator' }, async ({ params }) => ({
  statusCode: 200,
  body: { tokens: await hospitalTokens(params.hospitalId ?? '') },
}));

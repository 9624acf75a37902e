import { route } from '../../http/route';
import { abortUpload } from '../../services/uploads';

export const handler = route({ auth: 'patient' }, async ({ auth, params }) => ({
  statusCode: 200,
  body: await abortUpload(auth.caseId, params.uploadId ?? '', auth.actor),
}));

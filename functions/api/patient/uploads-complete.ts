import { completeUploadSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { completeUpload } from '../../services/uploads';

export const handler = route(
  { auth: 'patient', body: completeUploadSchema },
  async ({ auth, body, params }) => ({
    statusCode: 200,
    body: await completeUpload(auth.caseId, params.uploadId ?? '', body.parts, auth.actor),
  }),
);

import { patientUploadResponse } from '../../core/responses/patient';
import { uploadRequestSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { startUpload } from '../../services/uploads';

export const handler = route(
  { auth: 'patient', body: uploadRequestSchema, response: patientUploadResponse },
  async ({ auth, body, now }) => ({
    statusCode: 201,
    body: await startUpload(auth.caseId, 'patient', auth.actor, body, now),
  }),
);

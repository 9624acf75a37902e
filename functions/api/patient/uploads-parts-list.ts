import { patientUploadPartsListResponse } from '../../core/responses/patient';
import { route } from '../../http/route';
import { uploadedParts } from '../../services/uploads';

export const handler = route(
  { auth: 'patient', response: patientUploadPartsListResponse },
  async ({ auth, params }) => ({
    statusCode: 200,
    body: await uploadedParts(auth.caseId, params.uploadId ?? ''),
  }),
);

import { patientUploadPartsSignedResponse } from '../../core/responses/patient';
import { signPartsSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { resignParts } from '../../services/uploads';

export const handler = route(
  { auth: 'patient', body: signPartsSchema, response: patientUploadPartsSignedResponse },
  async ({ auth, body, params }) => ({
    statusCode: 200,
    body: await resignParts(auth.caseId, params.uploadId ?? '', body.partNumbers, auth.actor),
  }),
);

import { completeUploadSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { completeUpload } from '../../services/uploads';

export const handler = route(
  { auth: 'coordinator', body: completeUploadSchema },
  async ({ auth, body, params }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'document.upload-on-behalf');
    return {
      statusCode: 200,
      body: await completeUpload(record.caseId, params.uploadId ?? '', body.parts, auth.actor),
    };
  },
);

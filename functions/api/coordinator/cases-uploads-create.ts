import { uploadRequestSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { startUpload } from '../../services/uploads';

/** A coordinator uploads a record on the patient's behalf (e.g. one the patient emailed). */
export const handler = route(
  { auth: 'coordinator', body: uploadRequestSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'document.upload-on-behalf');
    return { statusCode: 201, body: await startUpload(record.caseId, 'coordinator', auth.actor, body, now) };
  },
);

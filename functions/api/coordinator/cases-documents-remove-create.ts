import { waiveGapSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';
import { removeDocument } from '../../services/document-removal';

/**
 * The coordinator removes a document from a case with a written reason (for instance a study
 * labelled with another patient's name): it is never delivered, and its bytes are kept.
 */
export const handler = route(
  { auth: 'coordinator', body: waiveGapSchema },
  async ({ auth, body, params }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'document.remove');
    const documentId = params.documentId ?? '';
    await removeDocument(record.caseId, documentId, { actor: auth.actor, reason: body.reason });
    return { statusCode: 200, body: { documentId, status: 'rejected', removed: true } };
  },
);

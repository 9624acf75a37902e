import { audit } from '../adapters/audit-log';
import { addTimelineEvent, getCase, getDocument, transitionDocument } from '../adapters/case-store';
import type { Actor } from '../core/actor';
import { ConflictError, NotFoundError } from '../core/errors';
import { rejectionText } from '../core/server-messages';

/**
 * A coordinator takes a document out of the case (another patient's study, a wrong file): it
 * is marked rejected with the coordinator's reason and is never delivered; its bytes stay in
 * the records bucket, so nothing is lost. Only while the case collects records.
 */
export async function removeDocument(
  caseId: string,
  documentId: string,
  removal: { readonly actor: Actor; readonly reason: string },
): Promise<void> {
  const [record, document] = await Promise.all([getCase(caseId), getDocument(caseId, documentId)]);
  if (!record || !document) throw new NotFoundError('No such document on this case.');
  if (record.status !== 'collecting') {
    throw new ConflictError('case_submitted', 'Documents can no longer change: the case was submitted.');
  }
  const removed = await transitionDocument(caseId, documentId, ['accepted', 'validating'], {
    status: 'rejected',
    reason: rejectionText('removed', { note: removal.reason }),
    reasonCode: 'removed',
    reasonParams: { note: removal.reason },
    removedBy: removal.actor.id,
  });
  if (!removed) {
    throw new ConflictError(
      'document_not_removable',
      'Only an accepted or checking document can be removed.',
    );
  }
  await addTimelineEvent(
    caseId,
    'document-removed',
    `Document ${documentId} was removed by the coordinator.`,
  );
  await audit({
    caseId,
    actor: removal.actor,
    action: 'document.remove',
    target: documentId,
    outcome: 'allowed',
  });
}

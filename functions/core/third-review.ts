import { createHash } from 'node:crypto';
import { type CaseRecord, type DocumentRecord, newCase } from './case/record';
import { objectKeys } from './object-keys';

/**
 * Opening a third review takes several writes (copies, documents, the case, a token, the link
 * back). An attempt first leases the job on the source case; the lease outlives the function's
 * timeout, so an attempt still inside it may be running, and one past it has certainly died and
 * may be resumed under the same new case id.
 */
export const LEASE_MARGIN_SECONDS = 30;

/** The third-review function's timeout: owned here, because the lease must outlive it (infra deploys it). */
export const THIRD_REVIEW_TIMEOUT_SECONDS = 120;

export function leaseMilliseconds(functionTimeoutSeconds: number): number {
  return (functionTimeoutSeconds + LEASE_MARGIN_SECONDS) * 1000;
}

/** The lease as stored: the new case's id and when the attempt holding it started. */
export interface ThirdReviewLease {
  readonly holder: string;
  readonly at: string;
}

export type ThirdReviewStep =
  /** The link is written last, so a linked review is complete. */
  | { readonly kind: 'exists'; readonly reviewCaseId: string }
  /** An attempt holds the lease: it may still finish; retry after it expires. */
  | { readonly kind: 'in-progress'; readonly reviewCaseId: string; readonly retryAt: string }
  | { readonly kind: 'start' }
  /** The attempt that held the lease died: take over its case id. */
  | { readonly kind: 'resume'; readonly reviewCaseId: string; readonly expiredBefore: string };

export function nextThirdReviewStep(
  link: string | undefined,
  lease: ThirdReviewLease | undefined,
  now: Date,
  leaseMs: number,
): ThirdReviewStep {
  if (link) return { kind: 'exists', reviewCaseId: link };
  if (!lease) return { kind: 'start' };
  const expiresAt = Date.parse(lease.at) + leaseMs;
  if (now.getTime() < expiresAt) {
    return { kind: 'in-progress', reviewCaseId: lease.holder, retryAt: new Date(expiresAt).toISOString() };
  }
  return {
    kind: 'resume',
    reviewCaseId: lease.holder,
    expiredBefore: new Date(now.getTime() - leaseMs + 1).toISOString(),
  };
}

/**
 * A copy's document id, derived from the new case and the source document: a resumed attempt
 * writes the same keys again instead of adding objects nothing refers to. Unguessable as long
 * as the new case id is.
 */
export function copiedDocumentId(reviewCaseId: string, sourceDocumentId: string): string {
  const digest = createHash('sha256').update(`${reviewCaseId}/${sourceDocumentId}`).digest('hex');
  return `doc_${digest.slice(0, 32)}`;
}

/** The records a third review takes over: accepted documents held in the records bucket. */
export function recordsToCopy(documents: readonly DocumentRecord[]): DocumentRecord[] {
  return documents.filter((document) => document.status === 'accepted' && document.recordsKey);
}

export function copiedDocument(source: DocumentRecord, reviewCaseId: string, at: string): DocumentRecord {
  const documentId = copiedDocumentId(reviewCaseId, source.documentId);
  return {
    ...source,
    caseId: reviewCaseId,
    documentId,
    recordsKey: objectKeys.recordsDocument(reviewCaseId, documentId),
    // Never uploaded to intake: the key it would have had, for the record's shape only.
    intakeKey: objectKeys.intakeDocument(reviewCaseId, documentId),
    createdAt: at,
    updatedAt: at,
  };
}

/** The new case: the source's patient, history and diagnosis; consent is asked for again. */
export function thirdReviewCase(
  source: CaseRecord,
  request: { question: string; expedited?: boolean | undefined },
  reviewCaseId: string,
  at: string,
): CaseRecord {
  const created = newCase({
    caseId: reviewCaseId,
    cancerType: source.cancerType,
    patient: source.patient,
    question: request.question,
    expedited: request.expedited ?? source.expedited,
    requestedModalities: source.requestedModalities,
    at,
  });
  return {
    ...created,
    ...(source.treatmentHistory ? { treatmentHistory: source.treatmentHistory } : {}),
    ...(source.diagnosis ? { diagnosis: source.diagnosis } : {}),
    thirdReviewOf: source.caseId,
  };
}

import {
  actOnce,
  addTimelineEvent,
  createCase,
  getCase,
  getLease,
  mutateCase,
  putDocument,
  takeLease,
} from '../adapters/case-store';
import { isConditionFailure } from '../adapters/dynamo-helpers';
import { copyObject, objectSize } from '../adapters/record-store';
import { issueToken, revokeSubject, subjects } from '../adapters/token-store';
import type { Actor } from '../core/actor';
import type { CaseRecord, DocumentRecord } from '../core/case/record';
import { ConcurrentUpdateError, ConflictError, NotFoundError } from '../core/errors';
import { newId } from '../core/ids';
import {
  copiedDocument,
  leaseMilliseconds,
  nextThirdReviewStep,
  recordsToCopy,
  THIRD_REVIEW_TIMEOUT_SECONDS,
  thirdReviewCase,
} from '../core/third-review';
import { auditAction } from './case-access';

const PATIENT_TOKEN_SECONDS = 30 * 24 * 3600;
const LEASE_KEY = 'third-review';
const LEASE_MS = leaseMilliseconds(THIRD_REVIEW_TIMEOUT_SECONDS);

export interface ThirdReviewRequest {
  readonly source: CaseRecord;
  readonly documents: readonly DocumentRecord[];
  readonly question: string;
  readonly expedited?: boolean | undefined;
  readonly actor: Actor;
  /** The business clock of the request. */
  readonly now: Date;
}

export interface OpenedThirdReview {
  readonly review: CaseRecord;
  readonly copies: readonly DocumentRecord[];
  readonly patientToken: string;
}

/**
 * Opens a third review: lease the job on the source case, copy the accepted records under keys
 * derived from the new case, create the case, issue the patient's token, record it once, and
 * link it from the source last. Every step may be run again, so an attempt that died is resumed
 * (same case id) once its lease has expired, and concurrent duplicates get a 409.
 */
export async function openThirdReview(request: ThirdReviewRequest): Promise<OpenedThirdReview> {
  const { source, actor, now } = request;
  const at = now.toISOString();
  const { reviewCaseId, resumed } = await leaseThirdReview(source.caseId, now);

  const copies = recordsToCopy(request.documents).map((document) => ({
    from: document,
    copy: copiedDocument(document, reviewCaseId, at),
  }));
  for (const { from, copy } of copies) {
    // A resumed attempt skips what the dead one copied (a copy is atomic): no second version.
    if (resumed && from.size !== undefined && (await objectSize('records', copy.recordsKey!)) === from.size) {
      continue;
    }
    await copyObject(
      { bucket: 'records', key: from.recordsKey! },
      { bucket: 'records', key: copy.recordsKey! },
      from.size,
    );
  }
  for (const { copy } of copies) await ignoreExisting(putDocument(copy));
  const created = thirdReviewCase(source, request, reviewCaseId, at);
  const review = (await ignoreExisting(createCase(created)))
    ? created
    : ((await getCase(reviewCaseId)) ?? created);

  // The dead attempt's token never reached anyone: revoke it, so only the one returned works.
  if (resumed) await revokeSubject(subjects.case(reviewCaseId));
  const { token } = await issueToken(
    { role: 'patient', subject: subjects.case(reviewCaseId), caseId: reviewCaseId },
    PATIENT_TOKEN_SECONDS,
  );

  await actOnce(reviewCaseId, 'third-review:case-opened', () =>
    addTimelineEvent(
      reviewCaseId,
      'case-opened',
      `A coordinator opened a third review of case ${source.caseId}.`,
    ),
  );
  await actOnce(source.caseId, `third-review:opened:${reviewCaseId}`, () =>
    addTimelineEvent(
      source.caseId,
      'third-review-opened',
      `A third review was opened as case ${reviewCaseId}.`,
    ),
  );
  await actOnce(source.caseId, `audit:case.third-review:${reviewCaseId}`, () =>
    auditAction(source.caseId, actor, 'case.third-review', reviewCaseId),
  );
  await actOnce(reviewCaseId, 'audit:case.create', () => auditAction(reviewCaseId, actor, 'case.create'));

  await linkReview(source.caseId, reviewCaseId);
  return { review, copies: copies.map(({ copy }) => copy), patientToken: token };
}

/** Takes the lease for a new attempt or a dead one's case id; otherwise says why not (409). */
async function leaseThirdReview(
  caseId: string,
  now: Date,
): Promise<{ reviewCaseId: string; resumed: boolean }> {
  const step = await currentStep(caseId, now);
  if (step.kind === 'start') {
    const reviewCaseId = newId('case');
    if (await takeLease(caseId, LEASE_KEY, { holder: reviewCaseId, at: now.toISOString() })) {
      return { reviewCaseId, resumed: false };
    }
  } else if (step.kind === 'resume') {
    const lease = { holder: step.reviewCaseId, at: now.toISOString() };
    if (await takeLease(caseId, LEASE_KEY, lease, step.expiredBefore)) {
      return { reviewCaseId: step.reviewCaseId, resumed: true };
    }
  } else {
    throw refusal(step);
  }
  // Another request took the lease first.
  const after = await currentStep(caseId, now);
  if (after.kind === 'exists' || after.kind === 'in-progress') throw refusal(after);
  throw new ConcurrentUpdateError();
}

/** The lease is read before the link: a link written in between is then seen, not missed. */
async function currentStep(caseId: string, now: Date) {
  const lease = await getLease(caseId, LEASE_KEY);
  const record = await getCase(caseId);
  if (!record) throw new NotFoundError('No such case.');
  return nextThirdReviewStep(record.thirdReviewCaseId, lease, now, LEASE_MS);
}

function refusal(step: { kind: 'exists' | 'in-progress'; reviewCaseId: string; retryAt?: string }) {
  if (step.kind === 'exists') {
    return new ConflictError('third_review_exists', `A third review is already open: ${step.reviewCaseId}.`);
  }
  return new ConflictError(
    'third_review_in_progress',
    `A third review is being opened as case ${step.reviewCaseId}. If it does not appear, try again after ${step.retryAt}.`,
    [
      {
        message: 'When an unfinished attempt may be resumed.',
        caseId: step.reviewCaseId,
        retryAt: step.retryAt,
      },
    ],
  );
}

/** The source's link to the review, written last: a linked review is a complete one. */
async function linkReview(caseId: string, reviewCaseId: string): Promise<void> {
  const linked = await mutateCase(caseId, (current) =>
    current.thirdReviewCaseId
      ? { result: current.thirdReviewCaseId === reviewCaseId }
      : { changes: { set: { thirdReviewCaseId: reviewCaseId } }, result: true },
  );
  if (!linked) throw new NotFoundError('No such case.');
  if (!linked.result) throw refusal({ kind: 'exists', reviewCaseId: linked.record.thirdReviewCaseId ?? '' });
}

/** An insert that finds its item already there was done by an earlier attempt: false, not an error. */
async function ignoreExisting(insert: Promise<void>): Promise<boolean> {
  try {
    await insert;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

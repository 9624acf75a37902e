import { ConflictError } from '../errors';
import type { Hospital } from '../hospital';
import { paymentGap } from './quote';
import { computeGaps } from './readiness';
import type { CaseRecord, DocumentRecord } from './record';

export type SubmissionDecision =
  /** Submitted before to the same hospital: answer as then (and restart a missing execution). */
  | { readonly kind: 'repeat' }
  /** Ready for this hospital: the next submission, with the callbacks of the last one cleared. */
  | {
      readonly kind: 'submit';
      readonly submission: number;
      readonly set: Pick<CaseRecord, 'status' | 'submission' | 'hospitalId' | 'callbacks'>;
    };

/**
 * A coordinator submits the case to a hospital: it must review this cancer type, and readiness is
 * evaluated now, against this hospital (its consent included). A repeat of the same submission
 * is harmless; another hospital, or a cancelled case, is refused.
 */
export function decideSubmission(
  record: CaseRecord,
  documents: readonly DocumentRecord[],
  hospital: Hospital,
): SubmissionDecision {
  if (!hospital.cancerTypes.includes(record.cancerType)) {
    throw new ConflictError('hospital_not_suitable', 'This hospital does not review this cancer type.');
  }
  if (record.status !== 'collecting') {
    if (record.hospitalId !== hospital.hospitalId || record.status === 'cancelled') {
      throw new ConflictError('already_submitted', 'The case was already submitted.');
    }
    return { kind: 'repeat' };
  }
  const gaps = computeGaps(record, documents, hospital.hospitalId).filter(
    (gap) => gap.severity === 'blocking',
  );
  if (gaps.length > 0) {
    throw new ConflictError(
      'not_ready',
      'The case is not ready to submit.',
      gaps.map((gap) => ({ path: gap.itemId, ...gap })),
    );
  }
  const unpaid = paymentGap(record, hospital);
  if (unpaid) throw unpaid;
  const submission = record.submission + 1;
  return {
    kind: 'submit',
    submission,
    set: { status: 'routing', submission, hospitalId: hospital.hospitalId, callbacks: {} },
  };
}

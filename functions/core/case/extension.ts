import { type Deadline, extendDeadline } from '../business-days';
import { readableDeadline } from '../deadline-tracking';
import { ConflictError, ValidationError } from '../errors';
import { MAX_EXTENSIONS } from '../schemas';
import type { CaseRecord, DeadlineExtension } from './record';
import { isReportAwaited } from './status';

export interface ExtensionRequest {
  readonly businessDays: number;
  readonly reason: string;
  /** Who asks (the hospital's actor id) and when (business clock). */
  readonly by: string;
  readonly now: Date;
}

/**
 * A hospital's request for more time: the deadline moves by that many business days in its
 * calendar, the extension is recorded, and an overdue case is on time again until the new date.
 * Refused while no report is awaited, past the limit, or when the new date has already passed.
 */
export function decideExtension(current: CaseRecord, request: ExtensionRequest) {
  if (!isReportAwaited(current.status) || !current.deadline) {
    throw new ConflictError('invalid_state', 'An extension can be requested while the report is awaited.');
  }
  if ((current.extensions ?? []).length >= MAX_EXTENSIONS) {
    throw new ConflictError(
      'too_many_extensions',
      `A case can be extended at most ${MAX_EXTENSIONS} times; please contact the coordinator.`,
    );
  }
  const deadline = extendDeadline(current.deadline, request.businessDays);
  if (Date.parse(deadline.dueAt) <= request.now.getTime()) {
    throw new ValidationError('The request body is not valid.', [
      {
        path: 'businessDays',
        message: 'The new date would already have passed: ask for more business days.',
      },
    ]);
  }
  const extension: DeadlineExtension = {
    businessDays: request.businessDays,
    reason: request.reason,
    previousDueOn: current.deadline.dueOn,
    dueOn: deadline.dueOn,
    at: request.now.toISOString(),
    by: request.by,
  };
  return {
    set: {
      deadline,
      extensions: [...(current.extensions ?? []), extension],
      status: 'under-review' as const,
    },
    extension,
  };
}

/** The timeline entry for an extension, once written. */
export function extensionTimelineDetail(
  hospitalName: string,
  businessDays: number,
  deadline: Deadline,
): string {
  return `${hospitalName} asked for ${businessDays} more business day(s); the report is now due ${readableDeadline(deadline)}.`;
}

import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { getHospital } from '../../adapters/hospital-directory';
import { notifyOnce } from '../../adapters/notifier';
import { setting } from '../../adapters/settings';
import { failTask } from '../../adapters/workflow';
import { extendDeadline } from '../../core/business-days';
import type { DeadlineExtension } from '../../core/case-model';
import { readableDeadline } from '../../core/deadline-tracking';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import { extensionSchema, MAX_EXTENSIONS } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

/** The workflow's report wait routes this error back to planning its reminders. */
export const DEADLINE_CHANGED = 'DeadlineChanged';

/**
 * A hospital asks for more time for a complex or multi-specialist case: the deadline moves by
 * that many business days in its calendar, the coordinator sees why, the patient is told the
 * new date in plain words, and the workflow plans its reminders from the new date at once.
 */
export const handler = route(
  { auth: 'hospital', body: extensionSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.extension');
    const outcome = await mutateCase(record.caseId, (current) => {
      if ((current.status !== 'under-review' && current.status !== 'overdue') || !current.deadline) {
        throw new ConflictError(
          'invalid_state',
          'An extension can be requested while the report is awaited.',
        );
      }
      if ((current.extensions ?? []).length >= MAX_EXTENSIONS) {
        throw new ConflictError(
          'too_many_extensions',
          `A case can be extended at most ${MAX_EXTENSIONS} times; please contact the coordinator.`,
        );
      }
      const deadline = extendDeadline(current.deadline, body.businessDays);
      if (Date.parse(deadline.dueAt) <= now.getTime()) {
        throw new ValidationError('The request body is not valid.', [
          {
            path: 'businessDays',
            message: 'The new date would already have passed: ask for more business days.',
          },
        ]);
      }
      const extension: DeadlineExtension = {
        businessDays: body.businessDays,
        reason: body.reason,
        previousDueOn: current.deadline.dueOn,
        dueOn: deadline.dueOn,
        at: now.toISOString(),
        by: auth.actor.id,
      };
      return {
        changes: {
          set: {
            deadline,
            extensions: [...(current.extensions ?? []), extension],
            // An overdue case is on time again until the new date.
            status: 'under-review' as const,
          },
        },
        result: extension,
      };
    });
    if (!outcome) throw new NotFoundError('No such case.');
    const { record: updated, result: extension } = outcome;
    const deadline = updated.deadline!;
    const number = updated.extensions?.length ?? 1;
    const hospital = await getHospital(auth.hospitalId);
    const hospitalName = hospital?.name ?? 'The hospital';

    await addTimelineEvent(
      record.caseId,
      'deadline-extended',
      `${hospitalName} asked for ${extension.businessDays} more business day(s); the report is now due ${readableDeadline(deadline)}.`,
    );
    await notifyOnce(record.caseId, `extension-${number}-patient`, {
      to: updated.patient.email,
      subject: 'Your second opinion: a new expected date',
      text: `The specialists reviewing your records have asked for ${extension.businessDays} more working day(s) to complete their review. Your written opinion is now expected ${readableDeadline(deadline)}. You do not need to do anything.`,
    });
    await notifyOnce(record.caseId, `extension-${number}-coordinator`, {
      to: setting('coordinatorEmail'),
      subject: `Case ${record.caseId}: deadline extended`,
      text: `${hospitalName} extended case ${record.caseId} by ${extension.businessDays} business day(s), to ${readableDeadline(deadline)}. Reason given: ${extension.reason}`,
    });
    // The report wait was timed for the old date: end it so the workflow plans from the new one.
    const token = updated.callbacks.report?.token;
    if (token && !updated.callbacks.report?.completedAt) {
      await failTask(token, DEADLINE_CHANGED, 'the report deadline moved');
    }
    await auditAction(record.caseId, auth.actor, 'relay.extension');
    return { statusCode: 200, body: { deadline } };
  },
);

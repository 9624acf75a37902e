import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { getHospital } from '../../adapters/hospital-directory';
import { notifyOnce } from '../../adapters/notifier';
import { setting } from '../../adapters/settings';
import { failTask } from '../../adapters/workflow';
import { decideExtension, extensionTimelineDetail } from '../../core/case/extension';
import { NotFoundError } from '../../core/errors';
import { deadlineExtendedForCoordinator } from '../../core/messages/coordinator';
import { deadlineExtendedForPatient } from '../../core/messages/patient';
import { relayExtensionResponse } from '../../core/responses/relay';
import { extensionSchema } from '../../core/schemas';
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
  { auth: 'hospital', body: extensionSchema, response: relayExtensionResponse },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'relay.extension');
    const outcome = await mutateCase(record.caseId, (current) => {
      const { set, extension } = decideExtension(current, { ...body, by: auth.actor.id, now });
      return { changes: { set }, result: extension };
    });
    if (!outcome) throw new NotFoundError('No such case.');
    const { record: updated, result: extension } = outcome;
    const deadline = updated.deadline!;
    const number = updated.extensions?.length ?? 1;
    const hospitalName = (await getHospital(auth.hospitalId))?.name ?? 'The hospital';

    await addTimelineEvent(
      record.caseId,
      'deadline-extended',
      extensionTimelineDetail(hospitalName, extension.businessDays, deadline),
    );
    const { email, language } = updated.patient;
    await notifyOnce(
      record.caseId,
      `extension-${number}-patient`,
      deadlineExtendedForPatient(email, language, extension.businessDays, deadline),
    );
    await notifyOnce(
      record.caseId,
      `extension-${number}-coordinator`,
      deadlineExtendedForCoordinator(
        setting('coordinatorEmail'),
        record.caseId,
        hospitalName,
        extension,
        deadline,
      ),
    );
    // The report wait was timed for the old date: end it so the workflow plans from the new one.
    const token = updated.callbacks.report?.token;
    if (token && !updated.callbacks.report?.completedAt) {
      await failTask(token, DEADLINE_CHANGED, 'the report deadline moved');
    }
    await auditAction(record.caseId, auth.actor, 'relay.extension');
    return { statusCode: 200, body: { deadline } };
  },
);

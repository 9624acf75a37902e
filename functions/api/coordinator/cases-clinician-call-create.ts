import { addTimelineEvent, mutateCase } from '../../adapters/case-store';
import { getHospital } from '../../adapters/hospital-directory';
import { notifyOnce } from '../../adapters/notifier';
import { ConflictError, NotFoundError } from '../../core/errors';
import { clinicianCallForHospital } from '../../core/messages/hospital';
import { clinicianCallSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';

/**
 * Where the opinion diverges, the coordinator records a request for the home oncologist and
 * the specialist to speak; the hospital is told once.
 */
export const handler = route(
  { auth: 'coordinator', body: clinicianCallSchema },
  async ({ auth, body, params, now }) => {
    const { record } = await loadCaseFor(auth, params.caseId ?? '', 'case.clinician-call');
    const outcome = await mutateCase(record.caseId, (current) => {
      if (!current.report) {
        throw new ConflictError(
          'invalid_state',
          'A call can be requested once the hospital report has arrived.',
        );
      }
      if (current.clinicianCall) return { result: false };
      return {
        changes: { set: { clinicianCall: { note: body.note, at: now.toISOString(), by: auth.actor.id } } },
        result: true,
      };
    });
    if (!outcome) throw new NotFoundError('No such case.');
    const { record: updated, result: created } = outcome;
    const hospital = updated.hospitalId ? await getHospital(updated.hospitalId) : undefined;
    if (hospital) {
      await notifyOnce(
        updated.caseId,
        'clinician-call-hospital',
        clinicianCallForHospital(hospital.contactEmail, updated.caseId, updated.clinicianCall?.note),
      );
    }
    if (created) {
      await addTimelineEvent(
        updated.caseId,
        'clinician-call-requested',
        'The coordinator requested a clinician-to-clinician call.',
      );
      await auditAction(updated.caseId, auth.actor, 'case.clinician-call');
    }
    return { statusCode: created ? 201 : 200, body: { clinicianCall: updated.clinicianCall } };
  },
);

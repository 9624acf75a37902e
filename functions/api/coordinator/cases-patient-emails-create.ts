import { addTimelineEvent } from '../../adapters/case-store';
import { notifyOnce } from '../../adapters/notifier';
import { computeGaps } from '../../core/case/readiness';
import { ConflictError } from '../../core/errors';
import { newId } from '../../core/ids';
import { missingRecordsForPatient, uploadLinkForPatient } from '../../core/messages/patient';
import { patientEmailSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { auditAction, loadCaseFor } from '../../services/case-access';
import { issuePatientLink } from '../../services/patient-link';

/**
 * The coordinator emails the patient, in the patient's language with an English copy: a new
 * personal link, or what is still missing (every open gap, with a new link). Each request is
 * one email; the answer says which gaps it listed, never the patient's address.
 */
export const handler = route(
  { auth: 'coordinator', body: patientEmailSchema },
  async ({ auth, body, params }) => {
    const { record, documents } = await loadCaseFor(auth, params.caseId ?? '', 'patient-email.send');
    // Stored as collecting until submitted ('ready' is only ever derived from it).
    if (record.status !== 'collecting') {
      throw new ConflictError(
        'invalid_state',
        'The records were sent to the hospital: the patient can no longer upload to this case.',
      );
    }
    const gaps = body.kind === 'missing-records' ? computeGaps(record, documents) : [];
    if (body.kind === 'missing-records' && gaps.length === 0) {
      throw new ConflictError(
        'not_ready',
        'Nothing is missing: there is no open gap to tell the patient about.',
      );
    }
    const { link, days } = await issuePatientLink(record.caseId);
    const { email, language } = record.patient;
    const message =
      body.kind === 'upload-link'
        ? uploadLinkForPatient(email, language, link, days)
        : missingRecordsForPatient(email, language, link, gaps);
    const emailId = newId('mail');
    await notifyOnce(record.caseId, `patient-${body.kind}-${emailId}`, message);
    await addTimelineEvent(
      record.caseId,
      `patient-${body.kind}-sent`,
      body.kind === 'upload-link'
        ? 'The patient was emailed a new personal link.'
        : `The patient was emailed what is still missing (${gaps.length} gap(s)) with a new personal link.`,
    );
    await auditAction(record.caseId, auth.actor, `patient-email.${body.kind}`, emailId);
    return {
      statusCode: 202,
      body: { kind: body.kind, emailId, ...(gaps.length ? { gapIds: gaps.map((gap) => gap.gapId) } : {}) },
    };
  },
);

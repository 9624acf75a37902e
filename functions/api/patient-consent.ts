import { addTimelineEvent, mutateCase } from '../adapters/case-store';
import { getHospital } from '../adapters/hospital-directory';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { consentSchema } from '../core/schemas';
import { route } from '../http/route';
import { auditAction } from '../services/case-access';

const normalise = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();

export const handler = route({ auth: 'patient', body: consentSchema }, async ({ auth, body }) => {
  const hospital = await getHospital(body.hospitalId);
  if (!hospital) {
    throw new ValidationError('The request body is not valid.', [
      { path: 'hospitalId', message: 'No such hospital.' },
    ]);
  }
  const at = new Date().toISOString();
  const outcome = await mutateCase(auth.caseId, (record) => {
    if (record.status !== 'collecting') {
      throw new ConflictError('case_submitted', 'Consent can no longer change: the case was submitted.');
    }
    // The signature must be the patient's own name as the case records it.
    if (normalise(body.fullName) !== normalise(record.patient.fullName)) {
      throw new ValidationError('The request body is not valid.', [
        { path: 'fullName', message: 'Type your full name exactly as it appears on your case.' },
      ]);
    }
    return {
      changes: { set: { consent: { hospitalId: body.hospitalId, fullName: body.fullName, at } } },
      result: true,
    };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  await addTimelineEvent(
    auth.caseId,
    'consent-given',
    `The patient agreed to share records with ${hospital.name}.`,
  );
  await auditAction(auth.caseId, auth.actor, 'consent.give', body.hospitalId);
  return { statusCode: 200, body: { consent: { hospitalId: body.hospitalId, at } } };
});

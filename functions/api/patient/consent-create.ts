import { getHospital } from '../../adapters/hospital-directory';
import { ValidationError } from '../../core/errors';
import { consentSchema } from '../../core/schemas';
import { route } from '../../http/route';
import { updateCollectingCase } from '../../services/case-updates';

const normalise = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();

export const handler = route({ auth: 'patient', body: consentSchema }, async ({ auth, body, now }) => {
  const hospital = await getHospital(body.hospitalId);
  if (!hospital) {
    throw new ValidationError('The request body is not valid.', [
      { path: 'hospitalId', message: 'No such hospital.', code: 'unknown-hospital' },
    ]);
  }
  const at = now.toISOString();
  await updateCollectingCase(auth.caseId, {
    actor: auth.actor,
    action: 'consent.give',
    target: body.hospitalId,
    refusal: 'Consent can no longer change: the case was submitted.',
    decide: (record) => {
      // The signature must be the patient's own name as the case records it.
      if (normalise(body.fullName) !== normalise(record.patient.fullName)) {
        throw new ValidationError('The request body is not valid.', [
          {
            path: 'fullName',
            message: 'Type your full name exactly as it appears on your case.',
            code: 'consent-name',
          },
        ]);
      }
      return {
        consent: {
          hospitalId: body.hospitalId,
          fullName: body.fullName,
          at,
          acknowledgedLimits: body.acknowledgedLimits,
        },
      };
    },
    timeline: () => ({
      type: 'consent-given',
      detail: `The patient agreed to share records with ${hospital.name}.`,
    }),
  });
  return {
    statusCode: 200,
    body: { consent: { hospitalId: body.hospitalId, at, acknowledgedLimits: body.acknowledgedLimits } },
  };
});

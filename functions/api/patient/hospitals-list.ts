import { listHospitals } from '../../adapters/hospital-directory';
import { turnaroundFor } from '../../core/hospital';
import { matchHospitals } from '../../core/matching';
import { patientHospitalsResponse } from '../../core/responses/patient';
import { route } from '../../http/route';
import { loadCaseFor } from '../../services/case-access';

/**
 * The hospitals that review the patient's cancer type, best match first, so the consent step can
 * name the one the records go to. Names, cities and turnaround only: contacts stay internal.
 */
export const handler = route({ auth: 'patient', response: patientHospitalsResponse }, async ({ auth }) => {
  const { record } = await loadCaseFor(auth, auth.caseId, 'hospitals.read');
  const directory = await listHospitals();
  const byId = new Map(directory.map((hospital) => [hospital.hospitalId, hospital]));
  const hospitals = matchHospitals(record, directory).flatMap((match) => {
    const hospital = byId.get(match.hospitalId);
    if (!hospital) return [];
    return [
      {
        hospitalId: hospital.hospitalId,
        name: hospital.name,
        city: hospital.city,
        turnaroundBusinessDays: turnaroundFor(hospital, record.expedited),
        chosen:
          record.consent?.hospitalId === hospital.hospitalId || record.hospitalId === hospital.hospitalId,
      },
    ];
  });
  return { statusCode: 200, body: { hospitals } };
});

import { audit } from '../../adapters/audit-log';
import { listHospitals } from '../../adapters/hospital-directory';
import { hospitalListing } from '../../core/hospital';
import { route } from '../../http/route';

export const handler = route({ auth: 'coordinator' }, async ({ auth }) => {
  const hospitals = await listHospitals();
  await audit({ actor: auth.actor, action: 'hospital.list', outcome: 'allowed' });
  return { statusCode: 200, body: { hospitals: hospitals.map(hospitalListing) } };
});

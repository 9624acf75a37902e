import { audit } from '../../adapters/audit-log';
import { putHospital } from '../../adapters/hospital-directory';
import { setting } from '../../adapters/settings';
import { checkRelayRegion, hospitalInputSchema, hospitalListing } from '../../core/hospital';
import { newId } from '../../core/ids';
import { route } from '../../http/route';

export const handler = route({ auth: 'coordinator', body: hospitalInputSchema }, async ({ auth, body }) => {
  checkRelayRegion(body, setting('relayRegion'));
  const hospital = { ...body, hospitalId: newId('hosp'), sample: false };
  await putHospital(hospital);
  await audit({
    actor: auth.actor,
    action: 'hospital.create',
    target: hospital.hospitalId,
    outcome: 'allowed',
  });
  return { statusCode: 201, body: { hospital: hospitalListing(hospital) } };
});

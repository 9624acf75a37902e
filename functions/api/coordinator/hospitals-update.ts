import { audit } from '../../adapters/audit-log';
import { getHospital, putHospital } from '../../adapters/hospital-directory';
import { setting } from '../../adapters/settings';
import { NotFoundError } from '../../core/errors';
import { checkRelayRegion, hospitalInputSchema, hospitalListing } from '../../core/hospital';
import { route } from '../../http/route';

/** Replaces a hospital's details; its id and sample flag never change. */
export const handler = route(
  { auth: 'coordinator', body: hospitalInputSchema },
  async ({ auth, body, params }) => {
    checkRelayRegion(body, setting('relayRegion'));
    const current = await getHospital(params.hospitalId ?? '');
    if (!current) throw new NotFoundError('No such hospital.');
    const hospital = { ...body, hospitalId: current.hospitalId, sample: current.sample };
    await putHospital(hospital);
    await audit({
      actor: auth.actor,
      action: 'hospital.update',
      target: hospital.hospitalId,
      outcome: 'allowed',
    });
    return { statusCode: 200, body: { hospital: hospitalListing(hospital) } };
  },
);

import { audit } from '../adapters/audit-log';
import { getHospital, putHospital } from '../adapters/hospital-directory';
import { setting } from '../adapters/settings';
import type { Actor } from '../core/actor';
import { NotFoundError } from '../core/errors';
import { checkRelayRegion, type Hospital, type HospitalInput, hospitalListing } from '../core/hospital';
import { newId } from '../core/ids';

/**
 * A coordinator writes a hospital's details into the directory: checked against the deployment's
 * relay region first, stored whole, audited, and answered as the directory lists it.
 */
async function save(actor: Actor, hospital: Hospital, action: 'hospital.create' | 'hospital.update') {
  await putHospital(hospital);
  await audit({ actor, action, target: hospital.hospitalId, outcome: 'allowed' });
  return hospitalListing(hospital);
}

/** A new hospital, under a new id; never sample data. */
export async function createHospital(actor: Actor, input: HospitalInput) {
  checkRelayRegion(input, setting('relayRegion'));
  return save(actor, { ...input, hospitalId: newId('hosp'), sample: false }, 'hospital.create');
}

/** Replaces a hospital's details; its id and sample flag never change. */
export async function updateHospital(actor: Actor, hospitalId: string, input: HospitalInput) {
  checkRelayRegion(input, setting('relayRegion'));
  const current = await getHospital(hospitalId);
  if (!current) throw new NotFoundError('No such hospital.');
  return save(actor, { ...input, hospitalId: current.hospitalId, sample: current.sample }, 'hospital.update');
}

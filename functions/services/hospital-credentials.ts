import { audit } from '../adapters/audit-log';
import { getHospital } from '../adapters/hospital-directory';
import { deleteToken, expireTokenBy, issueToken, listTokens, subjects } from '../adapters/token-store';
import type { Actor } from '../core/actor';
import { NotFoundError } from '../core/errors';

const DAY = 86_400;
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

async function requireHospital(hospitalId: string) {
  const hospital = await getHospital(hospitalId);
  if (!hospital) throw new NotFoundError('No such hospital.');
  return hospital;
}

/** Live tokens of a hospital, without secrets or hashes. */
export async function hospitalTokens(hospitalId: string) {
  await requireHospital(hospitalId);
  const now = Math.floor(Date.now() / 1000);
  return (await listTokens(subjects.hospital(hospitalId)))
    .filter((token) => token.expiresAt > now)
    .map((token) => ({
      tokenId: token.tokenId,
      createdAt: iso(token.createdAt),
      expiresAt: iso(token.expiresAt),
    }));
}

/** A new token: 256 random bits, shown in this answer only, stored as a SHA-256 hash. */
export async function issueHospitalToken(hospitalId: string, lifetimeDays: number, actor: Actor) {
  await requireHospital(hospitalId);
  const issued = await issueToken(
    { role: 'hospital', subject: subjects.hospital(hospitalId), hospitalId },
    lifetimeDays * DAY,
  );
  await audit({
    actor,
    action: 'hospital.token.issue',
    target: `${hospitalId}/${issued.tokenId}`,
    outcome: 'allowed',
  });
  return { token: issued.token, tokenId: issued.tokenId, expiresAt: iso(issued.expiresAt) };
}

/** Issues a new token; every older one keeps working for the overlap, then stops. */
export async function rotateHospitalToken(
  hospitalId: string,
  lifetimeDays: number,
  overlapHours: number,
  actor: Actor,
) {
  await requireHospital(hospitalId);
  const older = await listTokens(subjects.hospital(hospitalId));
  const issued = await issueHospitalToken(hospitalId, lifetimeDays, actor);
  const until = Math.floor(Date.now() / 1000) + overlapHours * 3600;
  for (const token of older) await expireTokenBy(token.tokenHash, until);
  await audit({ actor, action: 'hospital.token.rotate', target: hospitalId, outcome: 'allowed' });
  return { ...issued, previousTokensExpireAt: iso(until), previousTokens: older.length };
}

export async function revokeHospitalToken(hospitalId: string, tokenId: string, actor: Actor) {
  await requireHospital(hospitalId);
  const token = (await listTokens(subjects.hospital(hospitalId))).find(
    (candidate) => candidate.tokenId === tokenId,
  );
  if (!token) throw new NotFoundError('No such token for this hospital.');
  await deleteToken(token.tokenHash);
  await audit({
    actor,
    action: 'hospital.token.revoke',
    target: `${hospitalId}/${tokenId}`,
    outcome: 'allowed',
  });
  return { tokenId, revoked: true };
}

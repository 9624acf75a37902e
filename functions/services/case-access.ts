import { type AuditEvent, audit } from '../adapters/audit-log';
import { loadCase } from '../adapters/case-store';
import type { Actor, AuthContext } from '../core/actor';
import type { CaseAggregate, CaseRecord, DeliveredCase } from '../core/case/record';
import { NotFoundError } from '../core/errors';

/** A hospital sees a case only once it was delivered to that hospital. */
export function hospitalMaySee(record: CaseRecord, hospitalId: string): record is DeliveredCase {
  return record.hospitalId === hospitalId && record.deliveredAt !== undefined;
}

function maySee(auth: AuthContext, record: CaseRecord): boolean {
  // A case being erased is already gone for everyone but the coordinator finishing it.
  if (record.erasure && auth.role !== 'coordinator') return false;
  switch (auth.role) {
    case 'coordinator':
      return true;
    case 'patient':
      return auth.caseId === record.caseId;
    case 'hospital':
      return hospitalMaySee(record, auth.hospitalId);
    case 'public':
      return false;
  }
}

/**
 * Loads a case for a caller and audits the access either way. A case the caller may not see
 * answers 404 exactly like one that does not exist, so its existence is never revealed.
 */
export async function loadCaseFor(
  auth: AuthContext,
  caseId: string,
  action: string,
  /** What the audit event says besides (why the caller reads). */
  about: Pick<AuditEvent, 'purpose'> = {},
): Promise<CaseAggregate> {
  const aggregate = await loadCase(caseId);
  const allowed = aggregate !== undefined && maySee(auth, aggregate.record);
  await audit({ caseId, actor: auth.actor, action, ...about, outcome: allowed ? 'allowed' : 'denied' });
  if (!aggregate || !allowed) throw new NotFoundError('No such case.');
  return aggregate;
}

export async function auditAction(
  caseId: string,
  actor: Actor,
  action: string,
  target?: string,
  outcome: 'allowed' | 'denied' | 'failed' = 'allowed',
): Promise<void> {
  await audit({ caseId, actor, action, ...(target ? { target } : {}), outcome });
}

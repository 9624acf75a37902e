import { audit } from '../adapters/audit-log';
import { addTimelineEvent, type CaseChanges, mutateCase } from '../adapters/case-store';
import type { Actor } from '../core/actor';
import type { CaseRecord } from '../core/case/record';
import { ConflictError, NotFoundError } from '../core/errors';

/**
 * Changes a case that is still collecting records: conditional on its version (retried on a
 * lost race), refused with 409 once the case was submitted, then recorded in the timeline and
 * the audit log. `decide` may throw a typed error to refuse the change.
 */
export async function updateCollectingCase(
  caseId: string,
  change: {
    readonly actor: Actor;
    readonly action: string;
    readonly target?: string;
    readonly refusal: string;
    readonly decide: (record: CaseRecord) => CaseChanges['set'];
    readonly timeline: (record: CaseRecord) => { type: string; detail: string };
  },
): Promise<CaseRecord> {
  const outcome = await mutateCase(caseId, (record) => {
    if (record.status !== 'collecting') throw new ConflictError('case_submitted', change.refusal);
    return { changes: { set: change.decide(record) }, result: true };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  const { type, detail } = change.timeline(outcome.record);
  await addTimelineEvent(caseId, type, detail);
  await audit({
    caseId,
    actor: change.actor,
    action: change.action,
    ...(change.target ? { target: change.target } : {}),
    outcome: 'allowed',
  });
  return outcome.record;
}

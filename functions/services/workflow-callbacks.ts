import { addTimelineEvent, type CaseChanges, mutateCase } from '../adapters/case-store';
import { completeTask } from '../adapters/workflow';
import type { CaseRecord, StoredCaseStatus } from '../core/case/record';
import { ConflictError, NotFoundError } from '../core/errors';
import type { CallbackStage } from '../core/vocabulary';

/**
 * The workflow's waits (receipt, report, summary) end when a person acts through the API.
 * Either side may come first: the workflow registers its task token, the API records the
 * completion, and whichever writes second sends the token back. Both writes are conditional
 * on the case version, so exactly one of them calls SendTaskSuccess.
 */
const WAITING_STATUS: Partial<Record<CallbackStage, StoredCaseStatus>> = {
  'certified-translation': 'awaiting-certified-translation',
};

export async function registerTaskToken(
  caseId: string,
  submission: number,
  stage: CallbackStage,
  taskToken: string,
): Promise<'registered' | 'completed-now' | 'stale'> {
  const outcome = await mutateCase(caseId, (record) => {
    if (record.submission !== submission) return { result: 'stale' as const };
    const existing = record.callbacks[stage] ?? {};
    // Some waits are a status of their own that coordinators see.
    const waiting = WAITING_STATUS[stage];
    const status = waiting && !existing.completedAt && record.status === 'routing' ? { status: waiting } : {};
    return {
      changes: {
        set: { ...status, callbacks: { ...record.callbacks, [stage]: { ...existing, token: taskToken } } },
      },
      result: existing.completedAt ? ('completed-now' as const) : ('registered' as const),
    };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  if (outcome.result === 'completed-now') {
    await completeTask(taskToken, outcome.record.callbacks[stage]?.output ?? {});
  }
  return outcome.result;
}

export interface StageCompletion {
  readonly stage: CallbackStage;
  /** The business clock of the request: when the stage completed. */
  readonly now: Date;
  /** Statuses in which the stage may be completed. */
  readonly from: readonly StoredCaseStatus[];
  readonly to: StoredCaseStatus;
  /** What the completion writes to the case besides the status. */
  readonly set: (record: CaseRecord) => NonNullable<CaseChanges['set']>;
  readonly output: (record: CaseRecord) => Record<string, unknown>;
  readonly hospitalIndex?: CaseChanges['hospitalIndex'];
  readonly remove?: CaseChanges['remove'];
  readonly removeHospitalIndex?: boolean;
  readonly timeline: { type: string; detail: string };
  readonly conflictMessage: string;
  /** False records progress without ending the wait (e.g. one of several translations). */
  readonly complete?: boolean;
}

/**
 * Completes a stage from the API. Repeating a completed stage is harmless: it returns the
 * case as it stands (the caller decides what to answer) and sends nothing twice.
 */
export async function completeStage(
  caseId: string,
  completion: StageCompletion,
): Promise<{ record: CaseRecord; alreadyDone: boolean }> {
  const outcome = await mutateCase(caseId, (record) => {
    const state = record.callbacks[completion.stage] ?? {};
    // Callbacks are reset on every submission, so a completion here belongs to this one.
    if (state.completedAt) return { result: { alreadyDone: true } };
    if (!completion.from.includes(record.status)) {
      throw new ConflictError('invalid_state', completion.conflictMessage);
    }
    const set = completion.set(record);
    const merged = { ...record, ...set } as CaseRecord;
    const output = completion.output(merged);
    return {
      changes: {
        set: {
          ...set,
          status: completion.to,
          callbacks:
            completion.complete === false
              ? record.callbacks
              : {
                  ...record.callbacks,
                  [completion.stage]: { ...state, completedAt: completion.now.toISOString(), output },
                },
        },
        ...(completion.hospitalIndex ? { hospitalIndex: completion.hospitalIndex } : {}),
        ...(completion.remove ? { remove: completion.remove } : {}),
        ...(completion.removeHospitalIndex ? { removeHospitalIndex: true } : {}),
      },
      result: { alreadyDone: false },
    };
  });
  if (!outcome) throw new NotFoundError('No such case.');
  const { record, result } = outcome;
  if (!result.alreadyDone)
    await addTimelineEvent(caseId, completion.timeline.type, completion.timeline.detail);
  // Sent again on a repeated call too: that heals a crash between the write and the send,
  // and Step Functions ignores a token that already closed.
  const state = record.callbacks[completion.stage];
  if (state?.token && state.completedAt) await completeTask(state.token, state.output ?? {});
  return { record, alreadyDone: result.alreadyDone };
}

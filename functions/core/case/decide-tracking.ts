import type { Deadline } from '../business-days';
import { nextStep, stepsDue, type TrackingStep } from '../deadline-tracking';
import type { CaseRecord, TrackingRecord } from './record';
import { isReportAwaited } from './status';

/** The longest a report wait runs before the tracking looks again (also under setTimeout's limit locally). */
export const MAX_WAIT_SECONDS = 14 * 24 * 3600;

/** A case whose report is awaited (on time or late) against a deadline: the one the tracking chases. */
export type ChasedCase = CaseRecord & { readonly deadline: Deadline };

export const isChased = (record: CaseRecord): record is ChasedCase =>
  Boolean(record.deadline) && isReportAwaited(record.status);

const stepsDone = (record: CaseRecord) => new Set((record.tracking ?? []).map((entry) => entry.stepId));

/** The reminders, follow-ups and escalation whose time has come and that were not sent yet, in order. */
export const dueSteps = (record: ChasedCase, now: Date): TrackingStep[] =>
  stepsDue(record.deadline, now, stepsDone(record));

/**
 * Recording a step before it is sent, decided on the case as it is now:
 * - undefined: the case is no longer chased for that due day (a report arrived, or an
 *   extension moved the deadline since the run began): nothing to send;
 * - `record: false`: another run recorded it first: it is sent again (notifyOnce makes that a
 *   no-op, and heals a run that crashed between recording and sending), nothing is recorded;
 * - `record: true`: the entry to append; the first follow-up, the deadline itself, makes the case overdue.
 */
export type TrackingDecision =
  | undefined
  | { readonly record: false }
  | {
      readonly record: true;
      readonly set: Pick<CaseRecord, 'tracking'> & Partial<Pick<CaseRecord, 'status'>>;
    };

export function decideTrackingStep(
  current: CaseRecord,
  step: TrackingStep,
  dueOn: string,
  now: Date,
): TrackingDecision {
  if (!isReportAwaited(current.status) || current.deadline?.dueOn !== dueOn) return undefined;
  if ((current.tracking ?? []).some((existing) => existing.stepId === step.id)) return { record: false };
  const entry: TrackingRecord = {
    stepId: step.id,
    kind: step.kind,
    ...(step.followUp ? { followUp: step.followUp } : {}),
    dueAt: step.at,
    sentAt: now.toISOString(),
  };
  return {
    record: true,
    set: {
      tracking: [...(current.tracking ?? []), entry],
      ...(step.followUp === 1 ? { status: 'overdue' as const } : {}),
    },
  };
}

/** The case's timeline entry for a step recorded. */
export function trackingTimeline(step: TrackingStep): { readonly type: string; readonly detail: string } {
  return {
    type: step.kind === 'escalation' ? 'escalated' : step.kind,
    detail:
      step.kind === 'reminder'
        ? 'The hospital was reminded that the report is due in one business day.'
        : step.kind === 'follow-up'
          ? `The report is overdue; follow-up ${step.followUp} was sent to the hospital.`
          : 'The report is overdue after two follow-ups; the coordinator was alerted.',
  };
}

export interface TrackingWake {
  /** When the report wait should time out and the tracking run again (ISO 8601). */
  readonly wakeAt: string;
  /** The same, as the wait's TimeoutSecondsPath (whole seconds, at least 1, at most MAX_WAIT_SECONDS). */
  readonly waitSeconds: number;
}

/** When to look again: at the next step still to come, or after MAX_WAIT_SECONDS when none is. */
export function nextWake(record: CaseRecord, now: Date): TrackingWake {
  const next = isChased(record) ? nextStep(record.deadline, now, stepsDone(record)) : undefined;
  const untilNext = next ? Math.ceil((Date.parse(next.at) - now.getTime()) / 1000) : MAX_WAIT_SECONDS;
  const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, untilNext));
  return { wakeAt: new Date(now.getTime() + waitSeconds * 1000).toISOString(), waitSeconds };
}

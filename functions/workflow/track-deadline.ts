import { addTimelineEvent, getCase, mutateCase } from '../adapters/case-store';
import { getHospital } from '../adapters/hospital-directory';
import { logger } from '../adapters/logger';
import { countMetric } from '../adapters/metrics';
import { notifyOnce } from '../adapters/notifier';
import { setting } from '../adapters/settings';
import type { CaseRecord, TrackingRecord } from '../core/case/record';
import { nextStep, stepsDue, type TrackingStep, trackingMessage } from '../core/deadline-tracking';
import { parseInput } from '../core/parse-input';
import { StaleSubmissionError, trackDeadlineInput, type WorkflowInput } from './workflow-input';

/** The longest a report wait runs before this looks again (also under setTimeout's limit locally). */
export const MAX_WAIT_SECONDS = 14 * 24 * 3600;

const CHASED: readonly CaseRecord['status'][] = ['under-review', 'overdue'];

export interface TrackInput extends WorkflowInput {
  /** `$$.State.EnteredTime`: the business clock, as Step Functions gives it. */
  readonly now: string;
}

export interface TrackResult {
  /** When the report wait should time out and this run again (ISO 8601). */
  readonly wakeAt: string;
  /** The same, as the wait's TimeoutSecondsPath (whole seconds, at least 1). */
  readonly waitSeconds: number;
  readonly sent: readonly string[];
}

/**
 * Runs between report waits: sends whatever reminder, follow-up or escalation has come due,
 * marks the case overdue at the deadline, and says when to look again. Each step is sent once
 * (notifyOnce keyed on the step) and recorded once (a conditional write), so a retried run or
 * a report arriving meanwhile never sends twice or chases a case that is done.
 */
export async function handler(event: unknown): Promise<TrackResult> {
  const input: TrackInput = parseInput(trackDeadlineInput, event, 'the TrackReportDeadline input');
  const now = new Date(input.now);
  if (Number.isNaN(now.getTime())) throw new Error('now must be an ISO 8601 instant');
  const record = await getCase(input.caseId);
  if (!record || record.submission !== input.submission) throw new StaleSubmissionError();

  const sent: string[] = [];
  if (record.deadline && CHASED.includes(record.status)) {
    const done = new Set((record.tracking ?? []).map((entry) => entry.stepId));
    const hospital = await getHospital(input.hospitalId);
    for (const step of stepsDue(record.deadline, now, done)) {
      if (await perform(record, step, now, hospital?.name ?? input.hospitalId, hospital?.contactEmail)) {
        sent.push(step.id);
      }
    }
  }

  // Read again only if this run wrote: the plan must count the steps it just recorded.
  const latest = sent.length > 0 ? ((await getCase(input.caseId)) ?? record) : record;
  const done = new Set((latest.tracking ?? []).map((entry) => entry.stepId));
  const next =
    latest.deadline && CHASED.includes(latest.status) ? nextStep(latest.deadline, now, done) : undefined;
  const untilNext = next ? Math.ceil((Date.parse(next.at) - now.getTime()) / 1000) : MAX_WAIT_SECONDS;
  const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, untilNext));
  const wakeAt = new Date(now.getTime() + waitSeconds * 1000).toISOString();
  logger.info('deadline tracked', { caseId: input.caseId, sent: sent.length, waitSeconds });
  return { wakeAt, waitSeconds, sent };
}

async function perform(
  record: CaseRecord,
  step: TrackingStep,
  now: Date,
  hospitalName: string,
  hospitalEmail: string | undefined,
): Promise<boolean> {
  const deadline = record.deadline;
  if (!deadline) return false;
  // Record first, conditionally: only a case still being chased, for a step not yet recorded.
  const entry: TrackingRecord = {
    stepId: step.id,
    kind: step.kind,
    ...(step.followUp ? { followUp: step.followUp } : {}),
    dueAt: step.at,
    sentAt: now.toISOString(),
  };
  const outcome = await mutateCase(record.caseId, (current) => {
    if (!CHASED.includes(current.status) || current.deadline?.dueOn !== deadline.dueOn) return undefined;
    if ((current.tracking ?? []).some((existing) => existing.stepId === step.id)) return { result: false };
    return {
      changes: {
        set: {
          tracking: [...(current.tracking ?? []), entry],
          // The deadline itself: the first follow-up makes the case overdue.
          ...(step.followUp === 1 ? { status: 'overdue' as const } : {}),
        },
      },
      result: true,
    };
  });
  // A report that arrived (or an extension) since this run began: nothing to send.
  if (!outcome) return false;
  const message = trackingMessage(step, deadline, record.caseId, hospitalName);
  const to = message.audience === 'hospital' ? hospitalEmail : setting('coordinatorEmail');
  // Sent even when another run recorded the step first: notifyOnce makes that a no-op, and it
  // heals a run that crashed between recording and sending.
  if (to)
    await notifyOnce(record.caseId, `tracking-${step.id}`, {
      to,
      subject: message.subject,
      text: message.text,
    });
  if (outcome.result) {
    // Each business day a report is late counts once: the overdue-reports alarm watches it.
    if (step.kind === 'follow-up') countMetric('ReportsOverdue');
    await addTimelineEvent(
      record.caseId,
      step.kind === 'escalation' ? 'escalated' : step.kind,
      step.kind === 'reminder'
        ? 'The hospital was reminded that the report is due in one business day.'
        : step.kind === 'follow-up'
          ? `The report is overdue; follow-up ${step.followUp} was sent to the hospital.`
          : 'The report is overdue after two follow-ups; the coordinator was alerted.',
    );
  }
  return outcome.result;
}

import { addTimelineEvent, mutateCase } from '../adapters/case-store';
import { getHospital } from '../adapters/hospital-directory';
import { countMetric } from '../adapters/metrics';
import { notifyOnce } from '../adapters/notifier';
import { setting } from '../adapters/settings';
import {
  type ChasedCase,
  decideTrackingStep,
  dueSteps,
  trackingTimeline,
} from '../core/case/decide-tracking';
import { type TrackingStep, trackingMessage } from '../core/deadline-tracking';

interface Addressee {
  readonly name: string;
  readonly contactEmail: string | undefined;
}

/**
 * Sends whatever reminder, follow-up or escalation has come due for a chased case; returns the
 * ids of the steps this run recorded. Each step is recorded once (a conditional write) and sent
 * once (notifyOnce keyed on the step).
 */
export async function chaseDueSteps(record: ChasedCase, hospitalId: string, now: Date): Promise<string[]> {
  const hospital = await getHospital(hospitalId);
  const to: Addressee = { name: hospital?.name ?? hospitalId, contactEmail: hospital?.contactEmail };
  const sent: string[] = [];
  for (const step of dueSteps(record, now)) {
    if (await sendStep(record, step, now, to)) sent.push(step.id);
  }
  return sent;
}

/** Records the step first, conditionally, then sends it; true when this run recorded it. */
async function sendStep(record: ChasedCase, step: TrackingStep, now: Date, hospital: Addressee) {
  const { deadline } = record;
  const outcome = await mutateCase(record.caseId, (current) => {
    const decision = decideTrackingStep(current, step, deadline.dueOn, now);
    if (!decision) return undefined;
    return decision.record ? { changes: { set: decision.set }, result: true } : { result: false };
  });
  // A report that arrived (or an extension) since this run began: nothing to send.
  if (!outcome) return false;
  const message = trackingMessage(step, deadline, record.caseId, hospital.name);
  const to = message.audience === 'hospital' ? hospital.contactEmail : setting('coordinatorEmail');
  // Sent even when another run recorded the step first: notifyOnce makes that a no-op, and it
  // heals a run that crashed between recording and sending.
  if (to) {
    await notifyOnce(record.caseId, `tracking-${step.id}`, {
      to,
      subject: message.subject,
      text: message.text,
    });
  }
  if (outcome.result) {
    // Each business day a report is late counts once: the overdue-reports alarm watches it.
    if (step.kind === 'follow-up') countMetric('ReportsOverdue');
    const { type, detail } = trackingTimeline(step);
    await addTimelineEvent(record.caseId, type, detail);
  }
  return outcome.result;
}

import { BusinessCalendar, type Deadline, endOfDay, localTime } from './business-days';

/**
 * The chase for a report, planned from its deadline: a reminder one business day before, the
 * case overdue with a first follow-up at the deadline, another follow-up at the end of each
 * business day after, and the coordinator alerted with the second. Pure: the workflow asks
 * what is due and when to look again; ids carry the due day, so an extension (a new due day)
 * plans afresh and nothing already sent is sent twice.
 */

/** When, on the business day before the due day, the hospital is reminded (its local time). */
export const REMINDER_TIME = '09:00:00';
/** The coordinator is alerted together with this follow-up. */
export const ESCALATE_WITH_FOLLOW_UP = 2;
/** Follow-ups stop here: the coordinator, alerted long before, owns the case from then on. */
export const MAX_FOLLOW_UPS = 5;

export type TrackingStepKind = 'reminder' | 'follow-up' | 'escalation';

export interface TrackingStep {
  readonly id: string;
  readonly kind: TrackingStepKind;
  /** When it is due: ISO 8601 with the hospital's offset. */
  readonly at: string;
  /** For follow-ups: 1 is the deadline itself (the case becomes overdue). */
  readonly followUp?: number;
}

export function trackingSteps(deadline: Deadline): TrackingStep[] {
  const calendar = new BusinessCalendar(deadline.calendar);
  const steps: TrackingStep[] = [];
  const reminderDay = calendar.previousBusinessDay(deadline.dueOn);
  // With a one-day turnaround the day before is the receipt day itself: nothing to remind of.
  if (reminderDay > deadline.receivedOn) {
    steps.push({
      id: `reminder-${deadline.dueOn}`,
      kind: 'reminder',
      at: localTime(reminderDay, REMINDER_TIME, deadline.timeZone),
    });
  }
  for (let followUp = 1; followUp <= MAX_FOLLOW_UPS; followUp += 1) {
    const day = followUp === 1 ? deadline.dueOn : calendar.addBusinessDays(deadline.dueOn, followUp - 1);
    const at = endOfDay(day, deadline.timeZone);
    steps.push({ id: `follow-up-${followUp}-${deadline.dueOn}`, kind: 'follow-up', at, followUp });
    if (followUp === ESCALATE_WITH_FOLLOW_UP) {
      steps.push({ id: `escalation-${deadline.dueOn}`, kind: 'escalation', at });
    }
  }
  return steps;
}

/** Steps whose time has come and that were not done yet, in order. */
export function stepsDue(deadline: Deadline, now: Date, done: ReadonlySet<string>): TrackingStep[] {
  return trackingSteps(deadline).filter((step) => Date.parse(step.at) <= now.getTime() && !done.has(step.id));
}

/** The next step still to come, if any. */
export function nextStep(deadline: Deadline, now: Date, done: ReadonlySet<string>): TrackingStep | undefined {
  return trackingSteps(deadline).find((step) => Date.parse(step.at) > now.getTime() && !done.has(step.id));
}

/** A due day as people read it: "Monday 12 October 2026". */
export function readableDate(date: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(new Date(`${date}T00:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value;
  // Assembled from parts: ICU versions differ on the comma after the weekday.
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** "by the end of Monday 12 October 2026 (Asia/Shanghai time)". */
export function readableDeadline(deadline: Deadline): string {
  return `by the end of ${readableDate(deadline.dueOn)} (${deadline.timeZone} time)`;
}

/** What each step says, to whom. Case ids and dates only: never patient details. */
export function trackingMessage(
  step: TrackingStep,
  deadline: Deadline,
  caseId: string,
  hospitalName: string,
): { audience: 'hospital' | 'coordinator'; subject: string; text: string } {
  const due = readableDeadline(deadline);
  if (step.kind === 'reminder') {
    return {
      audience: 'hospital',
      subject: `Reminder: report for case ${caseId} due tomorrow`,
      text: `The written opinion for case ${caseId} is due ${due}, one business day from now. If the case needs more time, request an extension through the relay API.`,
    };
  }
  if (step.kind === 'follow-up') {
    return {
      audience: 'hospital',
      subject: `Overdue: report for case ${caseId} (follow-up ${step.followUp})`,
      text: `The written opinion for case ${caseId} was due ${due} and has not arrived. Please upload it, or request an extension with the reason, through the relay API.`,
    };
  }
  return {
    audience: 'coordinator',
    subject: `Case ${caseId}: report overdue, hospital not responding`,
    text: `The report from ${hospitalName} for case ${caseId} was due ${due}. Two follow-ups have been sent without an answer. Please contact the hospital.`,
  };
}

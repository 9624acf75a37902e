import { describe, expect, it } from 'vitest';
import { reportDeadline } from '../../../../functions/core/business-days';
import {
  decideTrackingStep,
  dueSteps,
  isChased,
  MAX_WAIT_SECONDS,
  nextWake,
  trackingTimeline,
} from '../../../../functions/core/case/decide-tracking';
import type { CaseRecord } from '../../../../functions/core/case/record';
import { trackingSteps } from '../../../../functions/core/deadline-tracking';
import { caseWith } from './fixtures';

// Received Tue 29 Sep 2026 in Shanghai, five business days: due Mon 12 Oct (Sat 10 Oct is a workday).
const deadline = reportDeadline(new Date('2026-09-29T10:00:00+08:00'), 5, 'Asia/Shanghai', 'CN');
const [reminder, followUp1, followUp2, escalation] = trackingSteps(deadline);
const underReview = caseWith({ status: 'under-review', deadline });

describe('deadline tracking decisions', () => {
  it('chases only a case whose report is awaited against a deadline', () => {
    expect(isChased(underReview)).toBe(true);
    expect(isChased({ ...underReview, status: 'overdue' })).toBe(true);
    expect(isChased({ ...underReview, status: 'awaiting-summary' })).toBe(false);
    expect(isChased(caseWith({ status: 'under-review' }))).toBe(false);
  });

  it('lists what is due now, skipping what the case recorded as sent', () => {
    const at = new Date('2026-10-13T23:59:59+08:00');
    expect(dueSteps({ ...underReview, deadline }, at).map((step) => step.kind)).toEqual([
      'reminder',
      'follow-up',
      'follow-up',
      'escalation',
    ]);
    const sent = {
      ...underReview,
      deadline,
      tracking: [
        { stepId: reminder!.id, kind: 'reminder' as const, dueAt: reminder!.at, sentAt: reminder!.at },
      ],
    };
    expect(dueSteps(sent, at).map((step) => step.id)).not.toContain(reminder!.id);
  });

  it('records a step with the business clock; the first follow-up makes the case overdue', () => {
    const now = new Date('2026-10-12T16:00:00Z');
    expect(decideTrackingStep(underReview, reminder!, deadline.dueOn, now)).toEqual({
      record: true,
      set: {
        tracking: [
          { stepId: reminder!.id, kind: 'reminder', dueAt: reminder!.at, sentAt: now.toISOString() },
        ],
      },
    });
    expect(decideTrackingStep(underReview, followUp1!, deadline.dueOn, now)).toEqual({
      record: true,
      set: {
        tracking: [
          {
            stepId: followUp1!.id,
            kind: 'follow-up',
            followUp: 1,
            dueAt: followUp1!.at,
            sentAt: now.toISOString(),
          },
        ],
        status: 'overdue',
      },
    });
    const overdue: CaseRecord = { ...underReview, status: 'overdue' };
    expect(decideTrackingStep(overdue, followUp2!, deadline.dueOn, now)).toMatchObject({ record: true });
    expect(decideTrackingStep(overdue, followUp2!, deadline.dueOn, now)).not.toHaveProperty('set.status');
  });

  it('records nothing twice, and nothing for a case no longer chased for that due day', () => {
    const now = new Date('2026-10-12T16:00:00Z');
    const first = decideTrackingStep(underReview, reminder!, deadline.dueOn, now);
    const recorded = { ...underReview, ...(first?.record ? first.set : {}) };
    expect(decideTrackingStep(recorded, reminder!, deadline.dueOn, now)).toEqual({ record: false });
    expect(
      decideTrackingStep({ ...underReview, status: 'awaiting-summary' }, reminder!, deadline.dueOn, now),
    ).toBe(undefined);
    // An extension moved the deadline since the run began.
    expect(decideTrackingStep(underReview, reminder!, '2026-10-19', now)).toBe(undefined);
  });

  it('writes each kind of step into the timeline in plain words', () => {
    expect(trackingTimeline(reminder!)).toEqual({
      type: 'reminder',
      detail: 'The hospital was reminded that the report is due in one business day.',
    });
    expect(trackingTimeline(followUp2!)).toEqual({
      type: 'follow-up',
      detail: 'The report is overdue; follow-up 2 was sent to the hospital.',
    });
    expect(trackingTimeline(escalation!).type).toBe('escalated');
  });

  it('wakes at the next step, at least a second away, at most MAX_WAIT_SECONDS', () => {
    const now = new Date('2026-10-10T00:59:59.500Z'); // half a second before the reminder (09:00 +08:00)
    expect(nextWake(underReview, now)).toEqual({ wakeAt: '2026-10-10T01:00:00.500Z', waitSeconds: 1 });
    const early = new Date('2026-09-29T02:00:00Z');
    expect(nextWake(underReview, early).waitSeconds).toBe(
      Math.ceil((Date.parse(reminder!.at) - early.getTime()) / 1000),
    );
    // A case done (or with nothing left to chase) waits the longest, and is looked at again then.
    const done = nextWake({ ...underReview, status: 'completed' }, early);
    expect(done).toEqual({
      waitSeconds: MAX_WAIT_SECONDS,
      wakeAt: new Date(early.getTime() + MAX_WAIT_SECONDS * 1000).toISOString(),
    });
  });
});

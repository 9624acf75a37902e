import { describe, expect, it } from 'vitest';
import { extendDeadline, reportDeadline } from '../../../functions/core/business-days';
import { nextStep, stepsDue, trackingSteps } from '../../../functions/core/deadline-tracking';

// Received Tue 29 Sep 2026 in Shanghai, five business days: due Mon 12 Oct (Sat 10 Oct is a workday).
const deadline = reportDeadline(new Date('2026-09-29T10:00:00+08:00'), 5, 'Asia/Shanghai', 'CN');

describe('deadline tracking plan', () => {
  it('reminds the business day before, follows up from the deadline each business day, escalates with the second', () => {
    expect(trackingSteps(deadline).map((step) => [step.kind, step.at, step.followUp])).toEqual([
      ['reminder', '2026-10-10T09:00:00+08:00', undefined], // the make-up Saturday is the day before
      ['follow-up', '2026-10-12T23:59:59+08:00', 1],
      ['follow-up', '2026-10-13T23:59:59+08:00', 2],
      ['escalation', '2026-10-13T23:59:59+08:00', undefined],
      ['follow-up', '2026-10-14T23:59:59+08:00', 3],
      ['follow-up', '2026-10-15T23:59:59+08:00', 4],
      ['follow-up', '2026-10-16T23:59:59+08:00', 5],
    ]);
  });

  it('skips the holiday and weekend when finding the day before', () => {
    // Received Tue 29 Sep, three business days: due Fri 9 Oct; the day before is Thu 8 Oct.
    const short = reportDeadline(new Date('2026-09-29T10:00:00+08:00'), 3, 'Asia/Shanghai', 'CN');
    expect(trackingSteps(short)[0]).toMatchObject({ kind: 'reminder', at: '2026-10-08T09:00:00+08:00' });
    // Due Thu 8 Oct: the business day before is Wed 30 Sep, across the National Day holiday.
    const overHoliday = reportDeadline(new Date('2026-09-28T10:00:00+08:00'), 3, 'Asia/Shanghai', 'CN');
    expect(overHoliday.dueOn).toBe('2026-10-08');
    expect(trackingSteps(overHoliday)[0]).toMatchObject({ at: '2026-09-30T09:00:00+08:00' });
  });

  it('has nothing to remind of when the day before is the receipt day', () => {
    const oneDay = reportDeadline(new Date('2026-10-09T10:00:00+08:00'), 1, 'Asia/Shanghai', 'CN');
    expect(trackingSteps(oneDay)[0]?.kind).toBe('follow-up');
  });

  it('says what is due and what comes next, skipping what was done', () => {
    const at = new Date('2026-10-13T23:59:59+08:00');
    const done = new Set(['reminder-2026-10-12']);
    expect(stepsDue(deadline, at, done).map((step) => step.id)).toEqual([
      'follow-up-1-2026-10-12',
      'follow-up-2-2026-10-12',
      'escalation-2026-10-12',
    ]);
    expect(nextStep(deadline, at, done)?.id).toBe('follow-up-3-2026-10-12');
    expect(nextStep(deadline, new Date('2026-10-17T00:00:00+08:00'), done)).toBeUndefined();
  });

  it('plans afresh from an extended due day', () => {
    const extended = extendDeadline(deadline, 2);
    expect(trackingSteps(extended)[0]).toMatchObject({
      id: 'reminder-2026-10-14',
      at: '2026-10-13T09:00:00+08:00',
    });
  });
});

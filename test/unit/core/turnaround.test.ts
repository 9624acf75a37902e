import { describe, expect, it } from 'vitest';
import { extendDeadline, reportDeadline } from '../../../functions/core/business-days';
import {
  deliveryReason,
  median,
  summarizeTurnaround,
  type TurnaroundEntry,
  turnaroundEntry,
  turnaroundWindowStart,
} from '../../../functions/core/turnaround';
import { caseWith, reportRecord } from './case/fixtures';

// Received Tue 29 Sep 2026 in Shanghai, on the eve of the National Day holiday (1–7 Oct, make-up
// workday Sat 10 Oct): five business days are Wed 30 Sep, Thu 8, Fri 9, Sat 10, Mon 12 Oct.
const deadline = reportDeadline(new Date('2026-09-29T02:00:00Z'), 5, 'Asia/Shanghai', 'CN');
const reported = (receivedAt: string) =>
  caseWith({ hospitalId: 'hosp-a', deadline, report: { ...reportRecord, receivedAt } });

describe('a report’s turnaround', () => {
  it('counts business days in the hospital calendar from the receipt day to the report day', () => {
    expect(deadline.dueOn).toBe('2026-10-12');
    // 9 Oct 00:30 in Shanghai is still 8 Oct in UTC: the hospital's day counts.
    expect(turnaroundEntry(reported('2026-10-08T16:30:00Z'))).toEqual({
      caseId: 'case_aaaaaaaaaaaa',
      hospitalId: 'hosp-a',
      receivedOn: '2026-09-29',
      reportedOn: '2026-10-09',
      reportedAt: '2026-10-08T16:30:00Z',
      dueOn: '2026-10-12',
      businessDays: 3, // Wed 30 Sep, Thu 8, Fri 9; the holiday week does not count
      onTime: true,
      expedited: false,
    });
  });

  it('is on time up to the end of the due day in the hospital zone, and late after', () => {
    expect(turnaroundEntry(reported('2026-10-12T15:59:00Z'))).toMatchObject({
      businessDays: 5,
      onTime: true,
    });
    expect(turnaroundEntry(reported('2026-10-12T16:00:00Z'))).toMatchObject({
      reportedOn: '2026-10-13',
      businessDays: 6,
      onTime: false,
    });
  });

  it('measures against the deadline in force, an extension included', () => {
    const extended = caseWith({
      hospitalId: 'hosp-a',
      deadline: extendDeadline(deadline, 2),
      report: { ...reportRecord, receivedAt: '2026-10-13T02:00:00Z' },
    });
    expect(turnaroundEntry(extended)).toMatchObject({ dueOn: '2026-10-14', businessDays: 6, onTime: true });
  });

  it('needs a receipt, a report and a hospital', () => {
    expect(turnaroundEntry(caseWith({ hospitalId: 'hosp-a', deadline }))).toBeUndefined();
    expect(turnaroundEntry(caseWith({ hospitalId: 'hosp-a', report: reportRecord }))).toBeUndefined();
    expect(turnaroundEntry(caseWith({ deadline, report: reportRecord }))).toBeUndefined();
  });
});

describe('the median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeUndefined();
    expect(median([7])).toBe(7);
    expect(median([9, 2, 4])).toBe(4);
    expect(median([6, 2, 3, 5])).toBe(4);
  });
});

const entry = (businessDays: number, onTime: boolean): TurnaroundEntry => ({
  caseId: `case_${businessDays}aaaaaaaaaa`,
  hospitalId: 'hosp-a',
  receivedOn: '2027-03-01',
  reportedOn: '2027-03-08',
  reportedAt: '2027-03-08T02:00:00Z',
  dueOn: '2027-03-08',
  businessDays,
  onTime,
  expedited: false,
});

describe('a delivery record', () => {
  it('summarizes count, on-time share and median, and says nothing without reports', () => {
    const nine = [...Array.from({ length: 9 }, (_, i) => entry(2 + (i % 3), true)), entry(9, false)];
    const summary = summarizeTurnaround(nine);
    expect(summary).toEqual({ reports: 10, onTime: 9, onTimeShare: 0.9, medianBusinessDays: 3 });
    expect(deliveryReason(summary)).toBe(
      'Delivered 9 of its last 10 opinions on time (median 3 business days from confirmed receipt to report).',
    );
    const none = summarizeTurnaround([]);
    expect(none).toEqual({ reports: 0, onTime: 0, onTimeShare: null, medianBusinessDays: null });
    expect(deliveryReason(none)).toBeUndefined();
    expect(deliveryReason(summarizeTurnaround([entry(1, true)]))).toBe(
      'Delivered its one opinion so far on time (1 business day from confirmed receipt to report).',
    );
    expect(deliveryReason(summarizeTurnaround([entry(8, false)]))).toBe(
      'Delivered its one opinion so far late (8 business days from confirmed receipt to report).',
    );
  });

  it('looks back 90 calendar days', () => {
    expect(turnaroundWindowStart(new Date('2027-04-01T00:00:00Z'))).toBe('2027-01-01T00:00:00.000Z');
  });
});

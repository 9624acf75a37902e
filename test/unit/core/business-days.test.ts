import { describe, expect, it } from 'vitest';
import {
  BusinessCalendar,
  businessDaysLeft,
  endOfDay,
  extendDeadline,
  localDate,
  reportDeadline,
} from '../../../functions/core/business-days';
import { holidayCalendars } from '../../../functions/core/holiday-calendars';

const china = new BusinessCalendar('CN');

/**
 * The deadline table: receipt day (in Shanghai) + turnaround -> due day, around every 2026
 * holiday and make-up workday of the State Council notice of 4 November 2025, and into 2027,
 * whose schedule is not published yet.
 */
const deadlineTable: [
  received: string,
  businessDays: number,
  due: string,
  provisional: boolean,
  why: string,
][] = [
  ['2026-01-01', 3, '2026-01-06', false, 'New Year off Jan 1-3; Sun Jan 4 is a make-up workday'],
  ['2026-02-13', 5, '2026-02-27', false, 'Sat Feb 14 make-up; Spring Festival off Feb 15-23'],
  ['2026-02-13', 7, '2026-03-02', false, 'Sat Feb 28 is a make-up workday'],
  ['2026-04-02', 3, '2026-04-08', false, 'Qingming off Apr 4-6 (Sat-Mon)'],
  ['2026-04-29', 5, '2026-05-09', false, 'Labour Day off May 1-5; due on make-up Saturday May 9'],
  ['2026-06-18', 3, '2026-06-24', false, 'Dragon Boat off Jun 19-21'],
  ['2026-09-18', 5, '2026-09-24', false, 'Sun Sep 20 is a make-up workday'],
  ['2026-09-18', 7, '2026-09-29', false, 'Mid-Autumn off Sep 25-27'],
  ['2026-09-29', 3, '2026-10-09', false, 'National Day off Oct 1-7'],
  ['2026-09-29', 5, '2026-10-12', false, 'Sat Oct 10 is a make-up workday'],
  ['2026-10-09', 1, '2026-10-10', false, 'a one-day turnaround lands on make-up Saturday Oct 10'],
  ['2026-11-27', 5, '2026-12-04', false, 'an ordinary week'],
  ['2026-12-28', 5, '2027-01-05', true, '2027 unpublished: statutory Jan 1 and weekends only'],
  ['2027-02-03', 3, '2027-02-10', true, '2027 Spring Festival statutory days Feb 5-8 (eve to third day)'],
];

describe('business-day calendars', () => {
  it.each(deadlineTable)(
    'received %s + %i business days is due %s (provisional %s): %s',
    (received, days, due, provisional) => {
      const deadline = reportDeadline(new Date(`${received}T10:00:00+08:00`), days, 'Asia/Shanghai', 'CN');
      expect(deadline).toMatchObject({
        receivedOn: received,
        dueOn: due,
        dueAt: `${due}T23:59:59+08:00`,
        businessDays: days,
        calendar: 'CN',
        provisional,
      });
      expect(deadline.warning !== undefined).toBe(provisional);
    },
  );

  it('treats every 2026 holiday as closed and every make-up day as open', () => {
    const published = holidayCalendars.CN!.published[2026]!;
    const days: string[] = [];
    for (const [from, to] of published.holidays) {
      for (
        let day = from;
        day <= to;
        day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      )
        days.push(day);
    }
    expect(days).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    for (const day of days) expect(china.isBusinessDay(day), day).toBe(false);
    for (const day of published.workdays) expect(china.isBusinessDay(day), day).toBe(true);
    // An ordinary weekend and weekday, for contrast.
    expect(china.isBusinessDay('2026-11-28')).toBe(false);
    expect(china.isBusinessDay('2026-11-27')).toBe(true);
  });

  it('counts 2026 at 248 working days, as the notice implies', () => {
    // 261 weekdays - 19 weekdays inside the holidays (2 + 6 + 1 + 3 + 1 + 1 + 5) + 6 make-up days.
    expect(china.businessDaysBetween('2025-12-31', '2026-12-31')).toBe(
      Array.from({ length: 365 }, (_, index) =>
        new Date(Date.UTC(2026, 0, 1 + index)).toISOString().slice(0, 10),
      ).filter((day) => china.isBusinessDay(day)).length,
    );
    expect(china.businessDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('falls back to weekends and statutory holidays for an unpublished year, saying why', () => {
    const deadline = reportDeadline(new Date('2027-09-13T10:00:00+08:00'), 3, 'Asia/Shanghai', 'CN');
    // Mid-Autumn 2027 (Wed 15 Sep) is statutory: Tue 14, Thu 16, Fri 17.
    expect(deadline.dueOn).toBe('2027-09-17');
    expect(deadline.provisional).toBe(true);
    expect(deadline.warning).toMatch(/2027 public holiday schedule for Mainland China is not published yet/);
  });

  it('counts weekends only, provisionally, for a calendar it does not hold', () => {
    const deadline = reportDeadline(new Date('2026-10-01T10:00:00+09:00'), 3, 'Asia/Tokyo', 'JP');
    expect(deadline).toMatchObject({ dueOn: '2026-10-06', provisional: true });
    expect(deadline.warning).toMatch(/No holiday calendar is held for "JP"/);
  });

  it('decides the receipt day in the hospital time zone, to the second at midnight', () => {
    // 23:59:59 on Tue 29 Sep in Shanghai: three business days are Wed 30 Sep, Thu 8 and Fri 9 Oct.
    expect(reportDeadline(new Date('2026-09-29T15:59:59Z'), 3, 'Asia/Shanghai', 'CN').dueOn).toBe(
      '2026-10-09',
    );
    // One second later it is Wed 30 Sep there: Thu 8, Fri 9, and make-up Sat 10 Oct.
    expect(reportDeadline(new Date('2026-09-29T16:00:00Z'), 3, 'Asia/Shanghai', 'CN').dueOn).toBe(
      '2026-10-10',
    );
    // The same instant is still the 29th in London.
    expect(localDate(new Date('2026-09-29T16:00:00Z'), 'Europe/London')).toBe('2026-09-29');
  });

  it('ends the due day at 23:59:59 with the zone offset, across DST changes', () => {
    expect(endOfDay('2026-10-12', 'Asia/Shanghai')).toBe('2026-10-12T23:59:59+08:00');
    expect(endOfDay('2026-03-29', 'Europe/Berlin')).toBe('2026-03-29T23:59:59+02:00');
    expect(endOfDay('2026-03-28', 'Europe/Berlin')).toBe('2026-03-28T23:59:59+01:00');
    expect(endOfDay('2026-07-01', 'America/Sao_Paulo')).toBe('2026-07-01T23:59:59-03:00');
  });

  it('moves a deadline by an extension in the same calendar', () => {
    const deadline = reportDeadline(new Date('2026-09-22T10:00:00+08:00'), 5, 'Asia/Shanghai', 'CN');
    expect(deadline.dueOn).toBe('2026-09-30'); // 23, 24, then Mid-Autumn, then 28, 29, 30 Sep
    // Two more business days jump the National Day holiday: Thu 8 and Fri 9 Oct.
    expect(extendDeadline(deadline, 2)).toMatchObject({ dueOn: '2026-10-09', businessDays: 7 });
  });

  it('counts the business days left from today in the hospital zone, negative once overdue', () => {
    const deadline = reportDeadline(new Date('2026-09-29T10:00:00+08:00'), 5, 'Asia/Shanghai', 'CN');
    expect(deadline.dueOn).toBe('2026-10-12');
    expect(businessDaysLeft(deadline, new Date('2026-09-30T12:00:00+08:00'))).toBe(4); // Oct 8, 9, 10, 12
    expect(businessDaysLeft(deadline, new Date('2026-10-12T23:00:00+08:00'))).toBe(0);
    expect(businessDaysLeft(deadline, new Date('2026-10-14T09:00:00+08:00'))).toBe(-2);
  });

  it('refuses a non-positive count', () => {
    expect(() => china.addBusinessDays('2026-10-05', 0)).toThrow(RangeError);
  });
});

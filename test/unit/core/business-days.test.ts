import { describe, expect, it } from 'vitest';
import { addBusinessDays, endOfDay, localDate, reportDeadline } from '../../../functions/core/business-days';

describe('business days (weekends only, first version)', () => {
  it.each([
    ['2026-10-05', 1, '2026-10-06'], // Monday -> Tuesday
    ['2026-10-09', 1, '2026-10-12'], // Friday -> Monday
    ['2026-10-10', 1, '2026-10-12'], // Saturday -> Monday
    ['2026-10-11', 5, '2026-10-16'], // Sunday + 5 -> Friday
    ['2026-10-07', 5, '2026-10-14'], // Wednesday + 5 -> next Wednesday
    ['2026-12-31', 3, '2027-01-05'], // across the year
  ])('%s + %i business days is %s', (from, days, expected) => {
    expect(addBusinessDays(from, days)).toBe(expected);
  });

  it('refuses a non-positive count', () => {
    expect(() => addBusinessDays('2026-10-05', 0)).toThrow(RangeError);
  });

  it('decides "today" in the hospital time zone, not in UTC', () => {
    // 17:30 UTC on Friday is already Saturday 01:30 in Shanghai.
    const instant = new Date('2026-10-09T17:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-10-10');
    expect(localDate(instant, 'Europe/London')).toBe('2026-10-09');
  });

  it('ends the due day at 23:59:59 with the zone offset, across DST changes', () => {
    expect(endOfDay('2026-10-12', 'Asia/Shanghai')).toBe('2026-10-12T23:59:59+08:00');
    expect(endOfDay('2026-03-29', 'Europe/Berlin')).toBe('2026-03-29T23:59:59+02:00');
    expect(endOfDay('2026-03-28', 'Europe/Berlin')).toBe('2026-03-28T23:59:59+01:00');
    expect(endOfDay('2026-07-01', 'America/Sao_Paulo')).toBe('2026-07-01T23:59:59-03:00');
  });

  it('computes the report deadline from the day receipt was confirmed', () => {
    const deadline = reportDeadline(new Date('2026-10-09T17:30:00Z'), 5, 'Asia/Shanghai');
    // Received on Saturday 10 Oct in Shanghai: five business days later is Friday 16 Oct.
    expect(deadline).toEqual({
      dueAt: '2026-10-16T23:59:59+08:00',
      businessDays: 5,
      timeZone: 'Asia/Shanghai',
      provisional: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { type Booking, newHold } from '../../../../functions/core/booking/booking';
import { reminderKey, remindersDue } from '../../../../functions/core/booking/reminders';

const start = '2027-03-17T07:00:00.000Z';
const held = newHold({
  bookingId: 'bk_remind0001',
  start,
  coordinatorId: 'coord-a',
  visitor: { fullName: 'Achieng Odhiambo', email: 'a@example.org', country: 'Kenya', language: 'sw' },
  question: 'Which records do I need?',
  price: { currency: 'USD', amount: 2900 },
  now: new Date('2027-03-10T06:00:00Z'),
});
const confirmed: Booking = {
  ...held,
  status: 'confirmed',
  confirmedAt: '2027-03-10T06:10:00.000Z',
  version: 2,
};
const minutesAhead = (minutes: number) => new Date(Date.parse(start) - minutes * 60_000);

describe('strategy-call reminders', () => {
  it('are due a day ahead, then an hour ahead, and not before, after or for an unconfirmed call', () => {
    expect(remindersDue(confirmed, minutesAhead(24 * 60 + 1))).toEqual([]);
    expect(remindersDue(confirmed, minutesAhead(24 * 60))).toEqual(['day']);
    expect(remindersDue(confirmed, minutesAhead(61))).toEqual(['day']);
    expect(remindersDue(confirmed, minutesAhead(60))).toEqual(['hour']);
    expect(remindersDue(confirmed, minutesAhead(1))).toEqual(['hour']);
    expect(remindersDue(confirmed, minutesAhead(0))).toEqual([]);
    expect(remindersDue(held, minutesAhead(30))).toEqual([]);
    expect(remindersDue({ ...confirmed, status: 'cancelled' }, minutesAhead(30))).toEqual([]);
  });

  it('skip the day’s when the visitor was told the time within the day (confirmed or moved late)', () => {
    const late = { ...confirmed, confirmedAt: minutesAhead(20 * 60).toISOString() };
    expect(remindersDue(late, minutesAhead(19 * 60))).toEqual([]);
    expect(remindersDue(late, minutesAhead(30))).toEqual(['hour']);
    const moved = { ...confirmed, movedAt: minutesAhead(23 * 60).toISOString() };
    expect(remindersDue(moved, minutesAhead(22 * 60))).toEqual([]);
  });

  it('are keyed on the call’s start, so a moved call is reminded anew', () => {
    expect(reminderKey(confirmed, 'day')).toBe(`call-reminder-day-${start}`);
    expect(reminderKey({ start: '2027-03-17T07:30:00.000Z' }, 'day')).not.toBe(reminderKey(confirmed, 'day'));
  });
});

import { describe, expect, it } from 'vitest';
import { type Availability, freeSlots, slotStarts } from '../../../../functions/core/booking/availability';

const london: Availability = {
  timeZone: 'Europe/London',
  weekly: { monday: [{ from: '09:00', to: '10:00' }] },
  exceptions: [],
};
const day = (iso: string) => new Date(iso);

describe('strategy-call slots from weekly hours, in the coordinator’s zone', () => {
  it('keeps the coordinator’s wall clock across their daylight-saving change (UK, 28 March 2027)', () => {
    // The Monday before the change is GMT, the Monday after is BST: 09:00 London moves an hour in UTC.
    expect(slotStarts(london, day('2027-03-22T00:00:00Z'), day('2027-03-23T00:00:00Z'))).toEqual([
      '2027-03-22T09:00:00.000Z',
      '2027-03-22T09:30:00.000Z',
    ]);
    expect(slotStarts(london, day('2027-03-29T00:00:00Z'), day('2027-03-30T00:00:00Z'))).toEqual([
      '2027-03-29T08:00:00.000Z',
      '2027-03-29T08:30:00.000Z',
    ]);
  });

  it('offers no slot in the hour the change skips, nor one it cuts through', () => {
    // Sunday 28 March 2027 in London: 01:00–02:00 does not exist.
    const night: Availability = {
      timeZone: 'Europe/London',
      weekly: { sunday: [{ from: '00:00', to: '03:00' }] },
      exceptions: [],
    };
    const starts = slotStarts(night, day('2027-03-27T23:00:00Z'), day('2027-03-28T03:00:00Z'));
    // 00:00 and 00:30 GMT; 01:00 and 01:30 do not exist; 02:00 and 02:30 BST are 01:00Z and 01:30Z.
    expect(starts).toEqual([
      '2027-03-28T00:00:00.000Z',
      '2027-03-28T00:30:00.000Z',
      '2027-03-28T01:00:00.000Z',
      '2027-03-28T01:30:00.000Z',
    ]);
    // The autumn change repeats 01:00–02:00 (31 October 2027): each wall time once, no slot of 90 minutes.
    const autumn = slotStarts(
      { ...night, weekly: { sunday: [{ from: '00:30', to: '02:00' }] } },
      day('2027-10-30T22:00:00Z'),
      day('2027-10-31T04:00:00Z'),
    );
    expect(
      autumn.every(
        (start, index) => index === 0 || Date.parse(start) - Date.parse(autumn[index - 1]!) >= 30 * 60_000,
      ),
    ).toBe(true);
    expect(autumn).toContain('2027-10-30T23:30:00.000Z');
  });

  it('follows exceptions: a holiday closes a day, a special day opens one', () => {
    const withExceptions: Availability = {
      ...london,
      exceptions: [
        { date: '2027-03-22', hours: [] },
        { date: '2027-03-27', hours: [{ from: '10:00', to: '10:30' }] },
      ],
    };
    expect(slotStarts(withExceptions, day('2027-03-22T00:00:00Z'), day('2027-03-28T00:00:00Z'))).toEqual([
      '2027-03-27T10:00:00.000Z',
    ]);
  });

  it('merges the coordinators’ free slots, each slot once with who is free, after the lead time', () => {
    const nairobi: Availability = {
      timeZone: 'Africa/Nairobi',
      weekly: { monday: [{ from: '11:30', to: '13:00' }] },
      exceptions: [],
    };
    const slots = freeSlots(
      [
        { coordinatorId: 'coord-b', availability: nairobi },
        { coordinatorId: 'coord-a', availability: london },
      ],
      new Set(['coord-a 2027-03-22T09:00:00.000Z']),
      {
        from: day('2027-03-22T00:00:00Z'),
        to: day('2027-03-23T00:00:00Z'),
        now: day('2027-03-21T12:00:00Z'),
        leadMinutes: 720,
      },
    );
    // Nairobi is UTC+3: 11:30–13:00 is 08:30–10:00Z.
    expect(slots).toEqual([
      { start: '2027-03-22T08:30:00.000Z', coordinatorIds: ['coord-b'] },
      { start: '2027-03-22T09:00:00.000Z', coordinatorIds: ['coord-b'] },
      { start: '2027-03-22T09:30:00.000Z', coordinatorIds: ['coord-a', 'coord-b'] },
    ]);
    const soon = freeSlots([{ coordinatorId: 'coord-a', availability: london }], new Set(), {
      from: day('2027-03-22T00:00:00Z'),
      to: day('2027-03-23T00:00:00Z'),
      now: day('2027-03-22T08:45:00Z'),
      leadMinutes: 30,
    });
    expect(soon.map((slot) => slot.start)).toEqual(['2027-03-22T09:30:00.000Z']);
  });
});
